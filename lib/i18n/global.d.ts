import type { Locale } from "./config";
import type { Messages } from "./messages";

// Typed keys: t("gallery.missing") fails `tsc`, not only the message test.
declare module "use-intl" {
  interface AppConfig {
    Locale: Locale;
    Messages: Messages;
  }
}
