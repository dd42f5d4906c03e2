/**
 * Choosing an organisation by typing part of its name or USCC (GET /organizations?q=…), for the pages
 * where a regulator works on one body at a time.
 */
import { Select } from "antd";
import { useEffect, useState } from "react";
import { apiGet, withQuery } from "../api/client.ts";
import type { Organization, Page } from "../api/types.ts";
import { useT } from "../i18n/i18n.tsx";

export interface OrgPickerProps {
	id?: string;
	value?: string | null;
	onChange?: (uscc: string | null) => void;
	kind?: "cb" | "lab" | "enterprise" | "regulator";
	/** The picked organisation's name, when the page already knows it. */
	knownName?: string | null;
	style?: React.CSSProperties;
}

export function OrgPicker({ id, value, onChange, kind, knownName, style }: OrgPickerProps) {
	const t = useT();
	const [text, setText] = useState("");
	const [found, setFound] = useState<Organization[]>([]);
	const [busy, setBusy] = useState(false);

	useEffect(() => {
		if (!text.trim()) return;
		const ctl = new AbortController();
		// Wait for a pause in typing before asking the server.
		const timer = window.setTimeout(() => {
			setBusy(true);
			apiGet<Page<Organization>>(
				withQuery("/organizations", { q: text.trim(), kind, pageSize: 20 }),
				undefined,
				ctl.signal,
			)
				.then((p) => setFound(p.items))
				.catch(() => setFound([]))
				.finally(() => setBusy(false));
		}, 250);
		return () => {
			window.clearTimeout(timer);
			ctl.abort();
		};
	}, [text, kind]);

	const options = found.map((o) => ({ value: o.uscc, label: `${o.name}（${o.uscc}）` }));
	if (value && !options.some((o) => o.value === value))
		options.unshift({ value, label: knownName ? `${knownName}（${value}）` : value });
	return (
		<Select
			id={id}
			value={value || undefined}
			style={style ?? { width: 360 }}
			allowClear
			placeholder={t("orgPicker.placeholder")}
			showSearch={{ filterOption: false, onSearch: setText }}
			loading={busy}
			notFoundContent={text ? t("orgPicker.none") : t("orgPicker.type")}
			options={options}
			onChange={(v: string | undefined) => onChange?.(v ?? null)}
		/>
	);
}
