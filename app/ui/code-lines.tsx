import { Fragment } from "react";
import { CopyButton } from "./copy-button";
import "./code.css";

/**
 * Highlighted code as the page draws it, for server and client components alike (no Shiki
 * here: app/ui/highlight.ts colours source on the server). A JSON value that only the browser
 * has (an API's answer, a server action's result) is coloured by `highlightJson`, a few lines
 * that give the same colours Shiki's theme gives JSON (tests/unit/app/code-lines.test.ts).
 */
export interface Token { text: string; color?: string }

/** The code's lines, coloured, in a block with a copy button that copies all of `code`. */
export function CodeLines({ code, lines, copyLabel, testId }: { code: string; lines: Token[][]; copyLabel?: string; testId?: string }) {
  return (
    <div className="code-block" data-testid={testId}>
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

/** A JSON value, indented, coloured and copyable: what the app shows of tokens, records and answers. */
export function JsonBlock({ value, copyLabel, testId }: { value: unknown; copyLabel?: string; testId?: string }) {
  const code = JSON.stringify(value, null, 2);
  return <CodeLines code={code} lines={highlightJson(code)} copyLabel={copyLabel} testId={testId} />;
}

/**
 * A one-line shell command (the curl that replays a stolen credential), coloured as the other
 * code is, with a copy button that copies the whole command. `testId` names the <pre>, whose
 * text is exactly the command.
 */
export function CommandBlock({ command, copyLabel = "Copy command", testId }: { command: string; copyLabel?: string; testId?: string }) {
  return (
    <div className="code-block">
      <CopyButton text={command} label={copyLabel} />
      <pre tabIndex={0} className="command" data-testid={testId}>
        {highlightShell(command).map((line, i) => (
          <Fragment key={i}>
            {i > 0 && "\n"}
            {line.map((token, j) => <span key={j} style={{ color: token.color }}>{token.text}</span>)}
          </Fragment>
        ))}
      </pre>
    </div>
  );
}

/** github-dark-default's colours for a simple shell command, as Shiki gives them for bash. */
const SHELL_COLOURS = { command: "#FFA657", option: "#79C0FF", argument: "#A5D6FF", space: "#E6EDF3" } as const;
/** A quoted word ('…' or "…"), a bare word, or the spaces between. */
const SHELL_TOKEN = /'[^']*'?|"(?:[^"\\]|\\.)*"?|[^\s'"]+|\s+/g;

/**
 * Simple commands (a program, its options and arguments: no pipes or variables), coloured as
 * Shiki colours them on the server: the program, its -options, and every other word as a string.
 */
export function highlightShell(text: string): Token[][] {
  return text.split("\n").map((line) => {
    let first = true;
    return [...line.matchAll(SHELL_TOKEN)].map(([word]) => {
      if (/^\s/.test(word)) return { text: word, color: SHELL_COLOURS.space };
      const color = first ? SHELL_COLOURS.command : word.startsWith("-") ? SHELL_COLOURS.option : SHELL_COLOURS.argument;
      first = false;
      return { text: word, color };
    });
  });
}

/** github-dark-default's colours for JSON, as Shiki gives them (app/ui/highlight.ts's THEME). */
const JSON_COLOURS = { key: "#7EE787", string: "#A5D6FF", escape: "#FF7B72", constant: "#79C0FF", punctuation: "#E6EDF3" } as const;
/** A string (and, when a colon follows, it is a key), or a number, true, false or null. */
const JSON_TOKEN = /("(?:[^"\\\n]|\\.)*")(\s*:)?|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\btrue\b|\bfalse\b|\bnull\b)/g;
const ESCAPE = /(\\(?:u[0-9a-fA-F]{4}|.))/;

/** JSON text as coloured lines (text that is not JSON comes back with whatever it matched coloured). */
export function highlightJson(text: string): Token[][] {
  return text.split("\n").map((line) => {
    const tokens: Token[] = [];
    const push = (part: string, color: string) => {
      if (!part) return;
      const last = tokens.at(-1);
      if (last?.color === color) last.text += part;
      else tokens.push({ text: part, color });
    };
    let at = 0;
    for (const match of line.matchAll(JSON_TOKEN)) {
      push(line.slice(at, match.index), JSON_COLOURS.punctuation);
      const [whole, string, colon, constant] = match;
      if (string) {
        const colour = colon ? JSON_COLOURS.key : JSON_COLOURS.string;
        // split() with a capture group: the escapes are the odd parts.
        string.split(ESCAPE).forEach((part, i) => push(part, i % 2 === 1 ? JSON_COLOURS.escape : colour));
        push(colon ?? "", JSON_COLOURS.punctuation);
      } else {
        push(constant, JSON_COLOURS.constant);
      }
      at = match.index + whole.length;
    }
    push(line.slice(at), JSON_COLOURS.punctuation);
    return tokens;
  });
}
