import fs from "node:fs";
import path from "node:path";
import { createTranslator } from "use-intl/core";
import { describe, expect, it } from "vitest";
import { LOCALES } from "@/lib/i18n/config";
import { MESSAGES } from "@/lib/i18n/messages";

// Every text exists in both languages with the same placeholders, every message parses, and
// every t("…") key a component uses exists: a missing translation is a failing test, not a
// raw key on someone's screen.

const root = path.resolve(import.meta.dirname, "../..");

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const full = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(full, value);
    else for (const [k, v] of leaves(value, full)) out.set(k, v);
  }
  return out;
}

/** The ICU arguments a message takes: {name}, {count, plural, …}, {d, date} (not the # of a plural branch). */
function placeholders(message: string): string[] {
  return [...new Set([...message.matchAll(/\{\s*([A-Za-z_]\w*)\s*[,}]/g)].map((m) => m[1] as string))].sort();
}

const byLocale = Object.fromEntries(LOCALES.map((l) => [l, leaves(MESSAGES[l] as Tree)])) as Record<
  (typeof LOCALES)[number],
  Map<string, string>
>;
const english = byLocale.en;

describe("messages", () => {
  it("every namespace file exists in every language and is registered in lib/i18n/messages.ts", () => {
    const files = (locale: string) =>
      fs
        .readdirSync(path.join(root, "messages", locale))
        .filter((f) => f.endsWith(".json"))
        .sort();
    for (const locale of LOCALES) {
      expect(files(locale), locale).toEqual(files("en"));
      expect(Object.keys(MESSAGES[locale]).sort(), locale).toEqual(files("en").map((f) => f.replace(/\.json$/, "")));
    }
  });

  it("both languages have exactly the same keys", () => {
    for (const locale of LOCALES) {
      const keys = [...byLocale[locale].keys()];
      expect(
        keys.filter((k) => !english.has(k)),
        `${locale}: keys English lacks`,
      ).toEqual([]);
      expect(
        [...english.keys()].filter((k) => !byLocale[locale].has(k)),
        `${locale}: untranslated keys`,
      ).toEqual([]);
    }
    expect(english.size).toBeGreaterThan(50);
  });

  it("each key takes the same placeholders in both languages, and no message is empty", () => {
    for (const locale of LOCALES) {
      for (const [key, message] of byLocale[locale]) {
        expect(message.trim(), `${locale} ${key}`).not.toBe("");
        expect(placeholders(message), `${locale} ${key}: ${message}`).toEqual(placeholders(english.get(key) ?? ""));
      }
    }
  });

  it("every message parses and formats with its placeholders filled", () => {
    for (const locale of LOCALES) {
      const errors: string[] = [];
      const t = createTranslator({
        locale,
        messages: MESSAGES[locale],
        onError: (e) => errors.push(`${locale}: ${e.message}`),
      });
      for (const [key, message] of byLocale[locale]) {
        const values = Object.fromEntries(placeholders(message).map((p) => [p, 2]));
        // Rich messages (<code>…</code>) are formatted with a function per tag, as components do.
        const tags = [...message.matchAll(/<([a-z]+)>/g)].map((m) => m[1] as string);
        if (tags.length > 0) {
          const rich = t.markup(
            key as never,
            { ...values, ...Object.fromEntries(tags.map((tag) => [tag, (chunks: string) => `[${chunks}]`])) } as never,
          );
          expect(rich, `${locale} ${key}`).not.toMatch(/[{<]/);
          continue;
        }
        expect(t(key as never, values as never), `${locale} ${key}`).not.toContain("{");
      }
      expect(errors).toEqual([]);
    }
  });
});

// ——— the static scan of components ———

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(full);
    else if (/\.(ts|tsx)$/.test(entry.name)) yield full;
  }
}

/** The text of a call's first argument, from just after its "(" (strings and nesting respected). */
function firstArgument(source: string, start: number): string {
  let depth = 0;
  let quote: string | null = null;
  for (let i = start; i < source.length; i++) {
    const c = source[i] as string;
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'" || c === "`") quote = c;
    else if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") {
      if (depth === 0) return source.slice(start, i);
      depth--;
    } else if (c === "," && depth === 0) return source.slice(start, i);
  }
  return source.slice(start);
}

/** Every key a translator is called with: literal keys exactly, template keys as patterns. */
function usedKeys(): { file: string; key: string; pattern?: RegExp }[] {
  const used: { file: string; key: string; pattern?: RegExp }[] = [];
  for (const file of [...sourceFiles(path.join(root, "components")), ...sourceFiles(path.join(root, "app"))]) {
    const source = fs.readFileSync(file, "utf8");
    const rel = path.relative(root, file);
    // A name means the translator bound last before the call (two components in one file may both say `t`).
    const bindings = [
      ...source.matchAll(
        /(?:const|let)\s+(\w+)\s*=\s*(?:useTranslations|await\s+getTranslator)\(\s*(?:"([^"]*)")?\s*\)/g,
      ),
    ].map((m) => ({ name: m[1] as string, namespace: m[2], at: m.index ?? 0 }));
    for (const name of new Set(bindings.map((b) => b.name))) {
      for (const call of source.matchAll(new RegExp(`(?<![\\w.])${name}(?:\\.rich|\\.markup|\\.has)?\\(`, "g"))) {
        const at = call.index ?? 0;
        const binding = bindings.filter((b) => b.name === name && b.at < at).at(-1);
        if (!binding) continue;
        const prefix = binding.namespace ? `${binding.namespace}.` : "";
        const arg = firstArgument(source, at + call[0].length);
        for (const literal of arg.matchAll(/"([^"]+)"|`([^`]+)`/g)) {
          if (literal[1] !== undefined) used.push({ file: rel, key: prefix + literal[1] });
          else {
            const template = prefix + (literal[2] as string);
            const pattern = new RegExp(
              `^${template
                .split(/\$\{[^}]*\}/)
                .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, "\\$&"))
                .join("[^.]+")}$`,
            );
            used.push({ file: rel, key: template, pattern });
          }
        }
      }
    }
  }
  return used;
}

describe("keys used in components", () => {
  const used = usedKeys();

  it("the scan finds the translated components (it is not vacuous)", () => {
    const files = new Set(used.map((u) => u.file));
    for (const file of [
      "components/nav/site-header.tsx",
      "components/gallery/gallery.tsx",
      "components/gallery/task-card.tsx",
      "components/theme/theme-switcher.tsx",
    ])
      expect(files, file).toContain(file);
    expect(used.length).toBeGreaterThan(40);
  });

  it("every key exists in the messages", () => {
    const missing = used.filter(({ key, pattern }) =>
      pattern ? ![...english.keys()].some((k) => pattern.test(k)) : !english.has(key),
    );
    expect(missing.map((m) => `${m.file}: ${m.key}`)).toEqual([]);
  });
});

describe("no hard-coded text", () => {
  // Folders whose every visible text comes from messages. The composer joins once its texts have moved.
  const TRANSLATED = [
    "app/page.tsx",
    "app/layout.tsx",
    "components/gallery",
    "components/theme",
    "components/i18n",
    "components/ui",
    "components/composer",
    "components/character",
    "components/nav",
    "components/task-detail",
    "components/prompts",
    "app/prompts",
    "app/compare",
    "components/compare",
  ];
  // Words between tags, or in a label/title/placeholder attribute (an example id as a placeholder is not words).
  const TEXT =
    /(?<=>)[^<>{}]*[A-Za-z]{3,}[^<>{}]*(?=<)|\b(?:aria-label|title|placeholder|alt)="(?![0-9a-f-]+")[^"]*[A-Za-z][^"]*"/g;

  it("translated components show no literal words", () => {
    const found: string[] = [];
    for (const entry of TRANSLATED) {
      const full = path.join(root, entry);
      const files = fs.statSync(full).isDirectory() ? [...sourceFiles(full)] : [full];
      for (const file of files.filter((f) => f.endsWith(".tsx"))) {
        // Comments and operators (=>, >=, <=) are not markup; code between two elements is not text.
        const source = fs
          .readFileSync(file, "utf8")
          .replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "")
          .replace(/=>|>=|<=/g, " ");
        for (const m of source.matchAll(TEXT))
          if (!/===|&&|\?\?|\) :|;/.test(m[0])) found.push(`${path.relative(root, file)}: ${m[0].trim()}`);
      }
    }
    expect(found).toEqual([]);
  });
});
