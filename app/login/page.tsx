import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/account/auth-card";
import { CredentialsForm } from "@/components/account/credentials-form";
import { getTranslator } from "@/lib/i18n/request";
import { setupNeeded } from "@/lib/server/auth/accounts";
import { pageActor, safeNext } from "@/lib/server/auth/page-session";
import { env } from "@/lib/server/platform/env";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslator("account"))("login.metaTitle") };
}

/** /login?next=/path: team mode's sign-in; already signed in (or sign-in off) goes straight on. */
export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const next = safeNext((await searchParams).next);
  if (env().STUDIO_AUTH === "off" || (await pageActor())) redirect(next);
  if (await setupNeeded()) redirect("/setup");
  const t = await getTranslator("account");
  return (
    <AuthCard title={t("login.title")} intro={t("login.intro")}>
      <CredentialsForm kind="login" next={next} />
      <p className="mt-4 text-xs text-zinc-500 dark:text-zinc-400">{t("login.noAccount")}</p>
    </AuthCard>
  );
}
