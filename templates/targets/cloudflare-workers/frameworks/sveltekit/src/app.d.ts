// The Worker's bindings (variables and secrets) reach routes as `platform.env` (@sveltejs/adapter-cloudflare).
declare global {
	namespace App {
		interface Platform {
			env: Record<string, string | undefined>;
		}
	}
}

export {};
