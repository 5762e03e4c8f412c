"use client";
import { createContext, useContext } from "react";
import type { ComposerState } from "./use-composer";

// The sections read the composer through a context, not props: each needs the same form handle
// (register, values, errors) plus a different slice of the rest, and a layout that shows other
// fields per model can then pick and order sections without threading anything through.
// Only <Composer> renders the sections, so the context is always set: no default, no check.
export const ComposerContext = createContext<ComposerState>(null as never);

export const useComposerContext = () => useContext(ComposerContext);
