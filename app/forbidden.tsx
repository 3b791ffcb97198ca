import { ForbiddenNotice } from "./ui/forbidden-notice";

/** Rendered with HTTP 403 by forbidden() (experimental.authInterrupts in next.config.ts). */
export default function Forbidden() {
  return <ForbiddenNotice />;
}
