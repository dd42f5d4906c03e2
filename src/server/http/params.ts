/** Checks of query and path values that JSON Schema cannot express (USCC check characters, districts, paging depth). */
import { parseDistrict } from "../../core/records/organization.ts";
import { checkUscc } from "../../core/uscc.ts";
import { MAX_OFFSET } from "../db/search.ts";
import { InputError } from "../errors.ts";

/** A USCC from a request, or a 400 naming the field and the failed check. */
export function usccParam(value: string, field: string): string {
	const r = checkUscc(value);
	if (!r.valid)
		throw new InputError(
			"USCC_CHECK_FAILED",
			`${field}: invalid USCC: ${r.messageEn}`,
			`${field}：统一社会信用代码无效：${r.messageZh}`,
			field,
			`USCC_${r.failure}`,
		);
	return r.code;
}

/** A district code or name from a request. */
export function districtParam(value: string, field = "district"): string {
	const code = parseDistrict(value);
	if (!code)
		throw new InputError(
			"DISTRICT_UNKNOWN",
			`${field}: not one of Shanghai's 16 districts (use a code such as 310115)`,
			`${field}：不是上海市的区（请使用行政区划代码，如 310115）`,
			field,
			"DISTRICT_UNKNOWN",
		);
	return code;
}

/** Offset and limit from page and pageSize, refusing pages deeper than MAX_OFFSET. */
export function paging(
	page = 1,
	pageSize = 20,
): { offset: number; limit: number; page: number; pageSize: number } {
	const offset = (page - 1) * pageSize;
	if (offset >= MAX_OFFSET)
		throw new InputError(
			"PAGE_TOO_DEEP",
			`page: results beyond the first ${MAX_OFFSET} are not paged; narrow the search with filters`,
			`page：只能翻阅前${MAX_OFFSET}条结果，请增加筛选条件缩小范围`,
			"page",
			"MAX_OFFSET",
		);
	return { offset, limit: pageSize, page, pageSize };
}

/** For routes that take no body: refuses one that is anything but empty. */
export function noBody(body: unknown): void {
	if (body === undefined || body === null) return;
	if (typeof body === "object" && !Array.isArray(body) && Object.keys(body).length === 0) return;
	throw new InputError(
		"BODY_UNEXPECTED",
		"body: this request takes no body",
		"body：此请求不接受请求体",
		"body",
		"NO_BODY",
	);
}
