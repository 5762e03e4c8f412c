"use client";
import { useState, type FormEvent } from "react";
import { useTranslations } from "use-intl";
import { Button } from "@/components/ui/button";
import { FieldError, inputClass } from "@/components/ui/field";
import { useErrorText, useIssueText } from "@/components/i18n/use-error-text";
import { useImportTask } from "@/lib/query/tasks";

/** Adopt a task created elsewhere (curl, another studio) by its AceData task id. */
export function ImportTask({ onClose }: { onClose: () => void }) {
  const t = useTranslations("gallery.importForm");
  const tCommon = useTranslations("common");
  const [value, setValue] = useState("");
  const importTask = useImportTask();
  const errorText = useErrorText();
  const issueText = useIssueText();
  const error = issueText(importTask.error, "task_id") ?? (importTask.error && errorText(importTask.error));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    importTask.mutate(value.trim(), { onSuccess: () => setValue("") });
  };

  return (
    <form
      onSubmit={submit}
      className="space-y-1.5 rounded-xl border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900"
      aria-label={t("label")}
    >
      <label htmlFor="import-task-id" className="text-sm font-medium text-zinc-800 dark:text-zinc-200">
        {t("field")}
      </label>
      <div className="flex gap-2">
        <input
          id="import-task-id"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          placeholder="6bf7fb83-5814-4e3e-a4ad-bfa0c26c0b33"
          className={inputClass}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "import-task-id-error" : "import-task-id-hint"}
          autoFocus
          spellCheck={false}
        />
        <Button type="submit" disabled={importTask.isPending || value.trim() === ""}>
          {t(importTask.isPending ? "importing" : "submit")}
        </Button>
        <Button variant="secondary" onClick={onClose}>
          {tCommon("close")}
        </Button>
      </div>
      {error ? (
        <FieldError id="import-task-id-error" message={error} />
      ) : (
        <p id="import-task-id-hint" className="text-xs text-zinc-500 dark:text-zinc-400">
          {t(importTask.data ? (importTask.data.created ? "imported" : "already") : "hint")}
        </p>
      )}
    </form>
  );
}
