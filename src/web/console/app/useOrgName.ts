/** The name of an organisation by its USCC (the header names the body a person acts for). */
import { useEffect, useState } from "react";
import { apiGet } from "../api/client.ts";
import type { Organization } from "../api/types.ts";

const names = new Map<string, Promise<string | null>>();

/** The organisation's name once known; null meanwhile or when it cannot be read. */
export function useOrgName(uscc: string | null | undefined): string | null {
	const [name, setName] = useState<string | null>(null);
	useEffect(() => {
		if (!uscc) return;
		let p = names.get(uscc);
		if (!p) {
			p = apiGet<Organization>(`/organizations/${encodeURIComponent(uscc)}`).then(
				(o) => o.name,
				() => null,
			);
			names.set(uscc, p);
		}
		let live = true;
		void p.then((n) => {
			if (live) setName(n);
		});
		return () => {
			live = false;
		};
	}, [uscc]);
	return name;
}
