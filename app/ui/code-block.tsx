import { CodeLines } from "./code-lines";
import { highlight } from "./highlight";

/** Source code as the app shows it: coloured on the server, scrollable by keyboard, with a copy button. */
export async function CodeBlock({ code, language = "ts", copyLabel, testId }: { code: string; language?: string; copyLabel?: string; testId?: string }) {
  return <CodeLines code={code} lines={await highlight(code, language)} copyLabel={copyLabel} testId={testId} />;
}
