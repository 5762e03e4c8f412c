"use client";
import { useTranslations } from "use-intl";
import { ChoiceGroup } from "@/components/ui/choice-group";
import { MODELS } from "@/lib/schemas/rules";
import { useComposerContext } from "../composer-context";

export function ModelSection() {
  const t = useTranslations("composer");
  const { register, errors } = useComposerContext();
  const choices = MODELS.map((m) => ({ value: m, label: m, detail: t(`model.${m}`) }));
  return (
    <ChoiceGroup
      name="model"
      legend={t("model.legend")}
      choices={choices}
      registration={register("model")}
      error={errors.model?.message}
    />
  );
}
