import "server-only";
import { cookies, headers } from "next/headers";
import { createTranslator } from "use-intl/core";
import { LOCALE_COOKIE, type Locale } from "./config";
import { compiledMessagesFor } from "./compiled";
import type { Messages } from "./messages";
import { negotiateLocale } from "./negotiate";

// The language of the request being rendered (server components and metadata only).

export async function requestLocale(): Promise<Locale> {
  const [jar, head] = await Promise.all([cookies(), headers()]);
  return negotiateLocale({ cookie: jar.get(LOCALE_COOKIE)?.value, acceptLanguage: head.get("accept-language") });
}

/** A translator for a server component: `const t = await getTranslator("page")`. */
export async function getTranslator<const N extends keyof Messages>(namespace: N) {
  const locale = await requestLocale();
  return createTranslator({ locale, messages: compiledMessagesFor(locale), namespace });
}
