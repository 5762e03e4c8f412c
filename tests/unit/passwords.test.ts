import { describe, expect, it } from "vitest";
import { decoyHash, hashPassword, verifyPassword } from "@/lib/server/auth/passwords";

describe("password hashes", () => {
  it("are salted scrypt in a self-describing form that verifies only the right password", async () => {
    const [a, b] = [await hashPassword("correct horse battery"), await hashPassword("correct horse battery")];
    expect(a).toMatch(/^scrypt\$15\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword("correct horse battery", a)).toBe(true);
    expect(await verifyPassword("correct horse batterY", a)).toBe(false);
    expect(await verifyPassword("", a)).toBe(false);
  });

  it("verify with the parameters they were made with, so the cost can change later", async () => {
    const hash = await hashPassword("p4ssword-p4ssword");
    const [, , r, p, salt, key] = hash.split("$");
    // Same key under a different stored cost is a different hash: the stored cost is the one used.
    expect(await verifyPassword("p4ssword-p4ssword", ["scrypt", 14, r, p, salt, key].join("$"))).toBe(false);
  });

  it("treat anything not ours as no match, and the decoy matches nothing", async () => {
    for (const stored of ["", "plain", "bcrypt$x$y", "scrypt$15$8$1$$"])
      expect(await verifyPassword("x", stored)).toBe(false);
    expect(await verifyPassword("", await decoyHash())).toBe(false);
  });

  it("normalise Unicode, so the same password typed two ways matches", async () => {
    const hash = await hashPassword("café-password");
    expect(await verifyPassword("cafe\u0301-password", hash)).toBe(true);
  });
});
