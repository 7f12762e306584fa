import { addCases, proveAdd } from "./prove-add.ts";

// Express, Hono and React Router apps written by hand in common styles.
proveAdd([addCases.express, addCases.hono, addCases.remix]);
