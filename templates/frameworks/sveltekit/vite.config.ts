import adapter from "@sveltejs/adapter-node";
import { sveltekit } from "@sveltejs/kit/vite";
import { defineConfig, loadEnv } from "vite";

export default defineConfig(({ mode }) => {
	// The Inngest SDK reads process.env, but Vite exposes .env files only to import.meta.env.
	Object.assign(process.env, loadEnv(mode, process.cwd(), "INNGEST_"));
	return { plugins: [sveltekit({ adapter: adapter() })] };
});
