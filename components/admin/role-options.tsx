"use client";
import { useTranslations } from "use-intl";
import { ROLES } from "@/lib/schemas/accounts";

/** The <option>s of a role <select>, every role in its own words. */
export function RoleOptions() {
  const tRole = useTranslations("account.role");
  return (
    <>
      {ROLES.map((role) => (
        <option key={role} value={role}>
          {tRole(role)}
        </option>
      ))}
    </>
  );
}
