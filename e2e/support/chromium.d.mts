// Types of chromium.mjs (a plain .mjs so that scripts/screenshot.mjs can import it with node).
export declare const CHROMIUM_PATH: string;
export declare const CHROMIUM_ARGS: string[];
