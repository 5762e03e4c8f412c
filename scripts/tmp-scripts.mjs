import { chromium } from "@playwright/test";
import zlib from "node:zlib";
const url = process.argv[2];
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
const page = await browser.newPage();
const scripts = new Map();
page.on("response", (r) => { if (r.request().resourceType() === "script") scripts.set(r.url(), r.body()); });
await page.goto(url, { waitUntil: "load" });
await page.waitForTimeout(2500);
for (const [u, b] of scripts) { const body = await b; console.log((zlib.gzipSync(body, { level: 9 }).length / 1024).toFixed(1).padStart(7), "KB", u.replace(url, "")); }
await browser.close();
