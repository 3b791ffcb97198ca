import { ForbiddenNotice } from "../ui/forbidden-notice";

/** Middleware rewrites refused admin requests here, with status 403. */
export default function NotAllowed() {
  return <ForbiddenNotice />;
}
