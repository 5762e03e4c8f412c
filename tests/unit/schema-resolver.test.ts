import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { composerDefaults, composerResolver } from "@/components/composer/form-values";
import { schemaResolver } from "@/components/ui/form/schema-resolver";

// The one resolver every form uses: the shared schema's verdict, worded by the form.

const options = { fields: {}, shouldUseNativeValidation: false } as const;
const schema = z.object({ email: z.email(), age: z.int().check(z.gte(18)) });

describe("schemaResolver", () => {
  it("gives the parsed values when the schema accepts them", async () => {
    const result = await schemaResolver(schema)({ email: "a@b.co", age: 20 }, undefined, options);
    expect(result).toEqual({ values: { email: "a@b.co", age: 20 }, errors: {} });
  });

  it("words each refused field with `text`, the first issue at a field winning", async () => {
    const text = (issue: { path: readonly PropertyKey[]; code: string }) => `${String(issue.path[0])}:${issue.code}`;
    const result = await schemaResolver(schema, { text })({ email: "nope", age: 3 }, undefined, options);
    expect(result.values).toEqual({});
    expect(result.errors.email?.message).toBe("email:invalid_format");
    expect(result.errors.age?.message).toBe("age:too_small");
  });

  it("parses what `transform` makes of the inputs", async () => {
    const resolver = schemaResolver(schema, {
      transform: (values: { email: string; age: string }) => ({ ...values, age: Number(values.age) }),
    });
    expect((await resolver({ email: "a@b.co", age: "30" }, undefined, options)).values).toEqual({
      email: "a@b.co",
      age: 30,
    });
    expect((await resolver({ email: "a@b.co", age: "x" }, undefined, options)).errors.age?.type).toBe("invalid_type");
  });

  it("adds a local issue only where the schema found nothing, even inside a list", async () => {
    const values = { ...composerDefaults, prompt: "a fox", image_urls: ["not a url"] };
    const result = await composerResolver({ localIssues: () => [{ path: "image_urls", message: "local" }] })(
      values,
      undefined,
      options,
    );
    expect(result.errors.image_urls?.message).not.toBe("local");
    expect(result.errors.image_urls?.[0]?.message).toBeTruthy();
  });
});
