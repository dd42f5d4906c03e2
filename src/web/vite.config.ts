/**
 * The web front end's build: the consoles (a React single-page app under /console/) and the public
 * portal's small enhancement script. The portal's pages themselves are rendered by the server
 * (src/server/portal), so they read before any script runs.
 */
import path from "node:path";
import { defineConfig } from "vite";

const root = import.meta.dirname;

export default defineConfig({
	root,
	base: "/static/",
	publicDir: false,
	logLevel: "warn",
	oxc: { jsx: { runtime: "automatic", importSource: "react" } },
	build: {
		outDir: path.resolve(root, "../../dist/web"),
		emptyOutDir: true,
		manifest: true,
		target: "es2022",
		chunkSizeWarningLimit: 2000,
		rollupOptions: {
			input: {
				console: path.resolve(root, "console/index.html"),
				portal: path.resolve(root, "portal/portal.ts"),
			},
			// antd marks its modules "use client" for React Server Components, which a browser bundle ignores.
			onwarn(warning, warn) {
				if (warning.code !== "MODULE_LEVEL_DIRECTIVE") warn(warning);
			},
		},
	},
});
