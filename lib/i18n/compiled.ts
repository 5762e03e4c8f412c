import "server-only";
import compile from "icu-minify/compile";
import type { Locale } from "./config";
import { messagesFor, type Messages } from "./messages";

// The messages the app renders with, compiled once per language on the server (ICU text to a
// compact form). The browser then formats them without an ICU parser: next.config.mjs points
// use-intl's formatter at its format-only build, which saves the parser in every page's scripts.
// Tests keep the plain messages (lib/i18n/messages.ts) and the full formatter.

type Tree = { [key: string]: string | Tree };
const compiled = new Map<Locale, Messages>();

/**
 * One message compiled. The compiler builds plural and select branches as null-prototype
 * objects; a JSON round trip makes them plain ones, which React can pass to the browser.
 */
function compileMessage(message: string): string {
  const compiled: unknown = compile(message);
  return (typeof compiled === "string" ? compiled : JSON.parse(JSON.stringify(compiled))) as string;
}

function compileTree(tree: Tree): Tree {
  return Object.fromEntries(
    Object.entries(tree).map(([key, value]) => [
      key,
      typeof value === "string" ? compileMessage(value) : compileTree(value),
    ]),
  );
}

export function compiledMessagesFor(locale: Locale): Messages {
  let messages = compiled.get(locale);
  if (!messages) {
    messages = compileTree(messagesFor(locale) as unknown as Tree) as unknown as Messages;
    compiled.set(locale, messages);
  }
  return messages;
}
