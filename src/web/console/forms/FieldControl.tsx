/**
 * The control for one field of a record, chosen by its type. Selects whose codes only the page knows
 * (a lab's CMA numbers, its signatories) fall back to typing when the page has none to offer.
 */
import { Input, InputNumber, Select } from "antd";
import type { ReactNode } from "react";
import { codeLabel, type Option, useCodes } from "../components/codes.tsx";
import { useI18n } from "../i18n/i18n.tsx";
import { DateInput, FixedValue, ItemsInput, ListText, Sha256Input } from "./controls.tsx";
import type { FieldDef } from "./kinds.ts";

export interface FieldControlProps {
	field: FieldDef;
	label: string;
	/** Shown read-only. */
	fixed: boolean;
	/** Value of a fixed field, for its display. */
	value?: unknown;
	options?: Option[];
}

/** The element Form.Item wraps (it passes id, value and onChange in). */
export function fieldControl({ field: f, label, fixed, value, options }: FieldControlProps): ReactNode {
	if (fixed) return <FixedDisplay field={f} value={value} options={options} />;
	switch (f.type) {
		case "textarea":
			return <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={f.max} showCount={!!f.max} />;
		case "lines":
			return <Input.TextArea autoSize={{ minRows: 2, maxRows: 10 }} />;
		case "date":
			return <DateInput />;
		case "int":
			return <InputNumber min={0} max={f.maxValue ?? 99} precision={0} style={{ width: "100%" }} />;
		case "decimal":
			return <InputNumber min={0} max={f.maxValue} step={f.step} style={{ width: "100%" }} />;
		case "items":
			return <ItemsInput label={label} />;
		case "sha256":
			return <Sha256Input />;
		case "select":
		case "multiselect":
			return <CodeSelect field={f} options={options} />;
		case "uscc":
			return <Input maxLength={18} spellCheck={false} className="mono" autoComplete="off" />;
		default:
			return <Input maxLength={f.max} autoComplete="off" />;
	}
}

function CodeSelect({ field: f, options, ...rest }: { field: FieldDef; options?: Option[] | undefined }) {
	const codes = useCodes();
	const list = options ?? (f.list ? codes.options(f.list, f.only) : undefined);
	const multiple = f.type === "multiselect";
	// Nothing to choose from: type the value (a reference like P00000145, one per line for lists).
	if (!list) return multiple ? <ListText {...rest} /> : <Input {...rest} />;
	return (
		<Select
			{...rest}
			mode={multiple ? "multiple" : undefined}
			options={list}
			allowClear={!f.required}
			showSearch={{ optionFilterProp: "label" }}
		/>
	);
}

function FixedDisplay({
	field: f,
	value,
	options,
	...rest
}: {
	field: FieldDef;
	value?: unknown;
	options?: Option[] | undefined;
}) {
	const i = useI18n();
	let display: string | undefined;
	if (typeof value === "string" && f.type === "date") display = i.date(value);
	else if (typeof value === "string" && f.list) display = codeLabel(i, f.list, value);
	else if (typeof value === "string" && options) display = options.find((o) => o.value === value)?.label;
	return <FixedValue {...rest} value={value} {...(display !== undefined ? { display } : {})} />;
}
