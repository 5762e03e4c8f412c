import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/account/auth-card";
import { CredentialsForm } from "@/components/account/credentials-form";
import { getTranslator } from "@/lib/i18n/request";
import { setupNeeded } from "@/lib/server/auth/accounts";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslator("account"))("setup.metaTitle") };
}

/** /setup: makes the first admin, only while team mode has no account and none comes from the environment. */
export default async function SetupPage() {
  if (!(await setupNeeded())) redirect("/login");
  const t = await getTranslator("account");
  return (
    <AuthCard title={t("setup.title")} intro={t("setup.intro")}>
      <CredentialsForm kind="setup" />
    </AuthCard>
  );
}
