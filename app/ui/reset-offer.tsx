import { ROUTES } from "@/app/routes";
import { PostButton } from "./post-button";

/** Where the demo may be reset: a way out of any lockout, landing on `resetTo`. */
export function ResetOffer({ resetTo }: { resetTo: string }) {
  return (
    <p>
      Stuck? Reset the demo: it clears every lockout (and every sign-in) at once.{" "}
      <PostButton endpoint={ROUTES.demo.reset} redirectTo={resetTo} label="Reset demo" secondary />
    </p>
  );
}
