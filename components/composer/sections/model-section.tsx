"use client";
import { useRef } from "react";
import { useTranslations } from "use-intl";
import { ChoiceGroup } from "@/components/ui/choice-group";
import { catalogByService, MODEL_SPECS, serviceOf, type ServiceId } from "@/lib/schemas/catalog";
import { useComposerContext } from "../composer-context";
import { ModelFacts } from "./model-facts";
import { SwitchNote } from "./switch-note";

/**
 * The model, in two steps: the service (Sora, Veo, Seedance, …), then one of its models, each
 * with its line. Only the offered models are shown.
 */
export function ModelSection() {
  const t = useTranslations("composer");
  const { errors, values, catalog, chooseModel } = useComposerContext();
  const groups = catalogByService(MODEL_SPECS.filter((m) => catalog.models.includes(m.id)));
  const service = serviceOf(values.model);
  const models = groups.find((g) => g.service === service)?.models ?? [];
  // The model last chosen in each service: going back to a service picks it again.
  const lastOf = useRef<Partial<Record<ServiceId, string>>>({});
  lastOf.current[service] = values.model;
  const chooseService = (next: string) => {
    const group = groups.find((g) => g.service === next);
    const remembered = lastOf.current[next as ServiceId];
    const target = group?.models.some((m) => m.id === remembered) ? remembered : group?.models[0]?.id;
    if (target) chooseModel(target);
  };
  return (
    <div className="space-y-3">
      {groups.length > 1 && (
        <ChoiceGroup
          name="service"
          legend={t("service.legend")}
          choices={groups.map((g) => ({ value: g.service, label: t(`service.${g.service}`) }))}
          selected={service}
          onSelect={chooseService}
        />
      )}
      <ChoiceGroup
        name="model"
        legend={t("model.legend")}
        choices={models.map((m) => ({ value: m.id, label: m.id, detail: m.blurb }))}
        selected={values.model}
        onSelect={chooseModel}
        error={errors.model?.message}
        layout={models.length > 2 ? "list" : "grid"}
      />
      <ModelFacts model={values.model} />
      <SwitchNote />
    </div>
  );
}
