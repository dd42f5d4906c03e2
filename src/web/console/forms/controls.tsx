/**
 * Form controls that keep the API's value shapes: dates as YYYY-MM-DD text, report items as objects,
 * a document's SHA-256 as hex. Each takes the `id` antd's Form.Item gives it and puts it on the element
 * that receives focus, so the field's <label> names it.
 */
import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { Button, DatePicker, Input, Select } from "antd";
import dayjs from "dayjs";
import { type ChangeEvent, useId, useState } from "react";
import { useCodes } from "../components/codes.tsx";
import { useT } from "../i18n/i18n.tsx";
import type { ItemRow } from "./values.ts";

interface ControlProps<T> {
	id?: string;
	value?: T;
	onChange?: (v: T) => void;
	"aria-describedby"?: string;
	"aria-invalid"?: boolean | "true" | "false";
}

/** A calendar date, typed or picked; the value is YYYY-MM-DD. */
export function DateInput({ id, value, onChange, ...aria }: ControlProps<string | null>) {
	const d = value ? dayjs(value, "YYYY-MM-DD", true) : null;
	return (
		<DatePicker
			id={id}
			{...aria}
			value={d?.isValid() ? d : null}
			format="YYYY-MM-DD"
			placeholder="YYYY-MM-DD"
			style={{ width: "100%" }}
			onChange={(v) => onChange?.(v ? v.format("YYYY-MM-DD") : null)}
		/>
	);
}

/** A value that cannot change here, shown as read-only text (still focusable and readable). */
export function FixedValue({ id, value, display, ...aria }: ControlProps<unknown> & { display?: string }) {
	const text = display ?? (Array.isArray(value) ? value.join("；") : value == null ? "" : String(value));
	return <Input id={id} {...aria} readOnly value={text} className="fixed-value" />;
}

/** The items of a test report: one row per tested parameter. */
export function ItemsInput({ id, value, onChange, label }: ControlProps<ItemRow[]> & { label: string }) {
	const t = useT();
	const codes = useCodes();
	const rows = value?.length ? value : [{}];
	const set = (i: number, patch: Partial<ItemRow>) =>
		onChange?.(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
	return (
		<fieldset className="items-input" aria-label={label}>
			<table>
				<thead>
					<tr>
						<th scope="col">#</th>
						<th scope="col">{t("item.parameter")}</th>
						<th scope="col">{t("item.standard")}</th>
						<th scope="col">{t("item.result")}</th>
						<th scope="col">{t("item.conclusion")}</th>
						<th scope="col">
							<span className="sr-only">{t("common.actions")}</span>
						</th>
					</tr>
				</thead>
				<tbody>
					{rows.map((r, i) => {
						const n = i + 1;
						return (
							// biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place.
							<tr key={i}>
								<td>{n}</td>
								<td>
									<Input
										id={i === 0 ? id : undefined}
										aria-label={t("item.aria", { n, field: t("item.parameter") })}
										value={r.parameter ?? ""}
										onChange={(e) => set(i, { parameter: e.target.value })}
									/>
								</td>
								<td>
									<Input
										aria-label={t("item.aria", { n, field: t("item.standard") })}
										value={r.standard ?? ""}
										onChange={(e) => set(i, { standard: e.target.value })}
									/>
								</td>
								<td>
									<Input
										aria-label={t("item.aria", { n, field: t("item.result") })}
										value={r.result ?? ""}
										onChange={(e) => set(i, { result: e.target.value })}
									/>
								</td>
								<td>
									<Select
										aria-label={t("item.aria", { n, field: t("item.conclusion") })}
										allowClear
										style={{ minWidth: 110 }}
										value={r.conclusion ?? undefined}
										options={codes.options("conclusion")}
										onChange={(v) => set(i, { conclusion: v ?? null })}
									/>
								</td>
								<td>
									<Button
										type="text"
										icon={<DeleteOutlined aria-hidden />}
										aria-label={t("item.remove", { n })}
										disabled={rows.length === 1}
										onClick={() => onChange?.(rows.filter((_, j) => j !== i))}
									/>
								</td>
							</tr>
						);
					})}
				</tbody>
			</table>
			<Button icon={<PlusOutlined aria-hidden />} onClick={() => onChange?.([...rows, {}])}>
				{t("item.add")}
			</Button>
		</fieldset>
	);
}

async function sha256Hex(file: File): Promise<string> {
	const digest = await crypto.subtle.digest("SHA-256", await file.arrayBuffer());
	return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * A document's SHA-256: typed, or computed here from the file — which never leaves the browser; the
 * register keeps only the fingerprint.
 */
export function Sha256Input({ id, value, onChange, ...aria }: ControlProps<string | null>) {
	const t = useT();
	const fileId = useId();
	const [busy, setBusy] = useState(false);
	const [failed, setFailed] = useState(false);
	const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
		const file = e.target.files?.[0];
		if (!file) return;
		setBusy(true);
		setFailed(false);
		try {
			onChange?.(await sha256Hex(file));
		} catch {
			setFailed(true);
		} finally {
			setBusy(false);
			e.target.value = "";
		}
	};
	return (
		<div className="sha-input">
			<Input
				id={id}
				{...aria}
				value={value ?? ""}
				maxLength={64}
				spellCheck={false}
				className="mono"
				onChange={(e) => onChange?.(e.target.value)}
			/>
			{/* The file input stays in the tab order (visually hidden); its label is the visible button. */}
			<input id={fileId} type="file" className="visually-hidden-file" onChange={onFile} />
			<label htmlFor={fileId} className="file-button">
				{busy ? t("sha.computing") : t("sha.fromFile")}
			</label>
			{failed && (
				<span role="alert" className="field-note">
					{t("sha.failed")}
				</span>
			)}
		</div>
	);
}

/** A list typed one item per line, whatever shape its value arrives in. */
export function ListText({ id, value, onChange, ...aria }: ControlProps<string | string[]>) {
	return (
		<Input.TextArea
			id={id}
			{...aria}
			autoSize={{ minRows: 2, maxRows: 10 }}
			value={Array.isArray(value) ? value.join("\n") : (value ?? "")}
			onChange={(e) => onChange?.(e.target.value)}
		/>
	);
}
