"use client";
import dynamic from "next/dynamic";

// The header renders the account menu only when someone is signed in (team mode). Imported
// lazily, through this client module, so a single user's studio page carries none of its code;
// when it does render, it is still rendered on the server and its script loads with the page.
export const AccountMenu = dynamic(() => import("./account-menu").then((m) => m.AccountMenu));
