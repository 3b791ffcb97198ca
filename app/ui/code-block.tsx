import { Fragment } from "react";
import { CopyButton } from "./copy-button";
import { highlight } from "./highlight";
import "./code.css";

/** Source code as the app shows it: coloured on the server, scrollable by keyboard, with a copy button. */
export async function CodeBlock({ code, language = "ts", copyLabel }: { code: string; language?: string; copyLabel?: string }) {
  const lines = await highlight(code, language);
  return (
    <div className="code-block">
      <CopyButton text={code} label={copyLabel} />
      <pre tabIndex={0} className="source">
        <code>
          {lines.map((line, i) => (
            <Fragment key={i}>
              {i > 0 && "\n"}
              {line.map((token, j) => (token.color ? <span key={j} style={{ color: token.color }}>{token.text}</span> : token.text))}
            </Fragment>
          ))}
        </code>
      </pre>
    </div>
  );
}
