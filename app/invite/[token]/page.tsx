import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/account/auth-card";
import { CredentialsForm } from "@/components/account/credentials-form";
import { AppLink } from "@/components/ui/app-link";
import { getTranslator } from "@/lib/i18n/request";
import { openInvite } from "@/lib/server/auth/accounts";
import { env } from "@/lib/server/platform/env";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslator("account"))("invite.metaTitle") };
}

/** /invite/:token: an invitation link; the invited person chooses a name and password. */
export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  if (env().STUDIO_AUTH === "off") redirect("/");
  const { token } = await params;
  const invite = await openInvite(token);
  const t = await getTranslator("account");
  if (!invite) {
    return (
      <AuthCard title={t("invite.invalidTitle")} intro={t("invite.invalid")}>
        <AppLink
          href="/login"
          className="text-sm font-medium text-violet-700 underline-offset-4 hover:underline dark:text-violet-300"
        >
          {t("invite.toLogin")}
        </AppLink>
      </AuthCard>
    );
  }
  return (
    <AuthCard title={t("invite.title")} intro={t("invite.intro", { role: invite.role, email: invite.email })}>
      <CredentialsForm kind="invite" token={token} />
    </AuthCard>
  );
}
