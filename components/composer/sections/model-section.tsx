"use client";
import { useTranslations } from "use-intl";
import { MODELS } from "@/lib/schemas/rules";
import { ComposerChoice } from "./composer-choice";

export function ModelSection() {
  const t = useTranslations("composer");
  const choices = MODELS.map((m) => ({ value: m, label: m, detail: t(`model.${m}`) }));
  return <ComposerChoice name="model" choices={choices} />;
}
