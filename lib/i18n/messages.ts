import enAccount from "@/messages/en/account.json";
import enAdmin from "@/messages/en/admin.json";
import enCommon from "@/messages/en/common.json";
import enCompare from "@/messages/en/compare.json";
import enComposer from "@/messages/en/composer.json";
import enDetail from "@/messages/en/detail.json";
import enErrors from "@/messages/en/errors.json";
import enGallery from "@/messages/en/gallery.json";
import enLanguage from "@/messages/en/language.json";
import enPage from "@/messages/en/page.json";
import enPrompts from "@/messages/en/prompts.json";
import enQuota from "@/messages/en/quota.json";
import enRating from "@/messages/en/rating.json";
import enPortability from "@/messages/en/portability.json";
import enSchema from "@/messages/en/schema.json";
import enStoryboard from "@/messages/en/storyboard.json";
import enTask from "@/messages/en/task.json";
import enTheme from "@/messages/en/theme.json";
import enVariations from "@/messages/en/variations.json";
import zhAccount from "@/messages/zh-CN/account.json";
import zhAdmin from "@/messages/zh-CN/admin.json";
import zhCommon from "@/messages/zh-CN/common.json";
import zhCompare from "@/messages/zh-CN/compare.json";
import zhComposer from "@/messages/zh-CN/composer.json";
import zhDetail from "@/messages/zh-CN/detail.json";
import zhErrors from "@/messages/zh-CN/errors.json";
import zhGallery from "@/messages/zh-CN/gallery.json";
import zhLanguage from "@/messages/zh-CN/language.json";
import zhPage from "@/messages/zh-CN/page.json";
import zhPrompts from "@/messages/zh-CN/prompts.json";
import zhQuota from "@/messages/zh-CN/quota.json";
import zhRating from "@/messages/zh-CN/rating.json";
import zhPortability from "@/messages/zh-CN/portability.json";
import zhSchema from "@/messages/zh-CN/schema.json";
import zhStoryboard from "@/messages/zh-CN/storyboard.json";
import zhTask from "@/messages/zh-CN/task.json";
import zhTheme from "@/messages/zh-CN/theme.json";
import zhVariations from "@/messages/zh-CN/variations.json";
import type { _Translator } from "use-intl";
import type { Locale } from "./config";

// Every UI text, one JSON file per feature namespace and language (messages/<locale>/<ns>.json),
// so people can edit their feature's texts side by side. A new namespace is one line per
// language here. English is the reference: its shape types every t("…") key (see global.d.ts),
// and tests/unit/messages.test.ts keeps the other languages key-for-key equal to it.

export const en = {
  account: enAccount,
  admin: enAdmin,
  common: enCommon,
  compare: enCompare,
  composer: enComposer,
  detail: enDetail,
  errors: enErrors,
  gallery: enGallery,
  language: enLanguage,
  page: enPage,
  prompts: enPrompts,
  quota: enQuota,
  rating: enRating,
  portability: enPortability,
  schema: enSchema,
  storyboard: enStoryboard,
  task: enTask,
  theme: enTheme,
  variations: enVariations,
};

export type Messages = typeof en;

const zhCN = {
  account: zhAccount,
  admin: zhAdmin,
  common: zhCommon,
  compare: zhCompare,
  composer: zhComposer,
  detail: zhDetail,
  errors: zhErrors,
  gallery: zhGallery,
  language: zhLanguage,
  page: zhPage,
  prompts: zhPrompts,
  quota: zhQuota,
  rating: zhRating,
  portability: zhPortability,
  schema: zhSchema,
  storyboard: zhStoryboard,
  task: zhTask,
  theme: zhTheme,
  variations: zhVariations,
};

export const MESSAGES: Record<Locale, Record<keyof Messages, object>> = { en, "zh-CN": zhCN };

export function messagesFor(locale: Locale): Messages {
  // The parity test guarantees the same keys; the cast only spares TypeScript a deep comparison.
  return MESSAGES[locale] as Messages;
}

/** What useTranslations("ns") (client) and createTranslator({ namespace: "ns" }) (server, tests) return. */
export type Translator<N extends keyof Messages> = _Translator<Messages, N>;
