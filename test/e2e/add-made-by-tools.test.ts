import { addCases, proveAdd } from "./prove-add.ts";

// Projects from create-next-app, sv create and our own create.
proveAdd([addCases.next, addCases.sveltekit, addCases.ours]);
