import fs from "node:fs";
import path from "node:path";
import { createTranslator } from "use-intl/core";
import { describe, expect, it } from "vitest";
import { errorText, issueText } from "@/components/i18n/use-error-text";
import { LOCALES } from "@/lib/i18n/config";
import { MESSAGES, messagesFor } from "@/lib/i18n/messages";
import { ApiError } from "@/lib/query/api";
import { ERROR_CODES, ERROR_STATUS, type ErrorCode } from "@/lib/schemas/error-codes";
import { AppError } from "@/lib/server/platform/errors";

// One list of error codes: each has its status there, a sentence in every language, and the
// server never picks a status of its own.

const root = path.resolve(import.meta.dirname, "../..");

function sourcesUnder(dir: string): string[] {
  return fs
    .readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })
    .flatMap((entry) =>
      entry.isFile() && /\.tsx?$/.test(entry.name) ? [path.join(entry.parentPath, entry.name)] : [],
    );
}

describe("error codes", () => {
  it("each code has an HTTP error status", () => {
    for (const code of ERROR_CODES) expect(ERROR_STATUS[code], code).toBeGreaterThanOrEqual(400);
    for (const code of ERROR_CODES) expect(ERROR_STATUS[code], code).toBeLessThan(600);
  });

  it("an error's status comes from its code", () => {
    expect(new AppError("too_large", "x").status).toBe(413);
    expect(new AppError("quota_day", "x").status).toBe(429);
    expect(new AppError("quota_model", "x").status).toBe(403);
  });

  it.each(LOCALES)("every code has a sentence in %s, and the catalog names no other code", (locale) => {
    const catalog = MESSAGES[locale].errors as Record<string, string>;
    expect(Object.keys(catalog).sort()).toEqual([...ERROR_CODES].sort());
    for (const code of ERROR_CODES) expect(catalog[code]?.trim(), code).toBeTruthy();
  });

  it("no server code picks a status by hand: AppError takes a code first", () => {
    const offenders = [...sourcesUnder("lib/server"), ...sourcesUnder("app")].flatMap((file) => {
      const source = fs.readFileSync(file, "utf8");
      return [...source.matchAll(/new (AppError|UpstreamFailure)\(\s*(\d{3})/g)].map(
        (m) => `${path.relative(root, file)}: ${m[0]}`,
      );
    });
    expect(offenders).toEqual([]);
  });

  it("the browser words a server error by its code outside English, and keeps the server's sentence in English", () => {
    const error = new ApiError(413, "too_large", "Reference images may be at most 10 MB");
    const words = (locale: (typeof LOCALES)[number]) => {
      const messages = messagesFor(locale);
      const common = createTranslator({ locale, messages, namespace: "common.errors" });
      const byCode = createTranslator({ locale, messages, namespace: "errors" });
      return {
        locale,
        network: () => common("network"),
        http: (status: number) => common("http", { status }),
        byCode: (code: ErrorCode) => byCode(code),
      };
    };
    expect(errorText(error, words("zh-CN"))).toBe("文件太大。");
    expect(errorText(error, words("en"))).toBe("Reference images may be at most 10 MB");
    // A code this browser does not know yet (a newer server): the server's sentence.
    expect(errorText(new ApiError(400, "brand_new_code", "Something new"), words("zh-CN"))).toBe("Something new");
    expect(errorText(new ApiError(0, "network_error", "x"), words("zh-CN"))).toBe(
      messagesFor("zh-CN").common.errors.network,
    );
  });

  it("words a coded refusal's field issue by its code outside English; a schema's issue keeps its message", () => {
    const words = (locale: (typeof LOCALES)[number]) => {
      const messages = messagesFor(locale);
      const byCode = createTranslator({ locale, messages, namespace: "errors" });
      return { locale, network: () => "", http: () => "", byCode: (code: ErrorCode) => byCode(code) };
    };
    const unknown = new ApiError(404, "upstream_task_not_found", "AceData has no task with id x", [
      { path: "task_id", message: "unknown to AceData" },
    ]);
    const atTaskId = (path: string) => path === "task_id";
    expect(issueText(unknown, atTaskId, words("zh-CN"))).toBe("AceData 没有这个 ID 的任务。");
    expect(issueText(unknown, atTaskId, words("en"))).toBe("unknown to AceData");
    expect(issueText(unknown, (path) => path === "name", words("zh-CN"))).toBeUndefined();
    const schema = new ApiError(400, "invalid_request", "Invalid name: too long", [
      { path: "name", message: "too long" },
    ]);
    expect(issueText(schema, (path) => path === "name", words("zh-CN"))).toBe("too long");
    expect(issueText(undefined, atTaskId, words("zh-CN"))).toBeUndefined();
  });
});
