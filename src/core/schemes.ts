/**
 * Certification schemes a certificate can belong to: every management-system and service standard of
 * the reference list, plus the product schemes the plan names (CCC compulsory, voluntary product,
 * green product, organic, GAP and 上海品牌 Shanghai Brand). A certificate's `scheme` is one of these
 * codes; a CB's approval scope is a list of them.
 */
import { STANDARDS } from "./reference/standards.ts";

export type SchemeKind = "management" | "product" | "service";

export interface Scheme {
	readonly code: string;
	readonly kind: SchemeKind;
	readonly nameZh: string;
	readonly nameEn: string;
	/** The standard(s) certified against, as printed on certificates. */
	readonly standard: string;
	/** Usual validity in years (management systems 3, CCC 5). */
	readonly validityYears: number;
	/** What a certificate number of this scheme must look like. */
	readonly numberPattern: RegExp;
	readonly numberHintZh: string;
	readonly numberHintEn: string;
}

/** CB-defined numbers (management systems and most voluntary schemes): validated loosely. */
const LOOSE_NUMBER = /^[0-9A-Z][0-9A-Z/\-_.()]{5,39}$/;
const LOOSE_HINT_ZH = "6–40位大写字母、数字或 / - _ . ( )，以字母或数字开头";
const LOOSE_HINT_EN = "6–40 capitals, digits or / - _ . ( ), starting with a letter or digit";

/** Short Chinese scheme names where the standard's title does not start with one. */
const NAME_ZH: Record<string, string> = {
	ISMS: "信息安全管理体系认证",
	ITSMS: "信息技术服务管理体系认证",
	MDQMS: "医疗器械质量管理体系认证",
	IATF: "汽车行业质量管理体系认证",
	HACCP: "危害分析与关键控制点(HACCP)体系认证",
	"CONSTR-QMS": "工程建设施工企业质量管理体系认证",
	BCMS: "业务连续性管理体系认证",
	AMS: "资产管理体系认证",
	AFTERSALES: "商品售后服务评价认证",
};

function schemeNameZh(code: string, title: string): string {
	return NAME_ZH[code] ?? `${title.split(" ")[0]!.replace(/要求$/, "")}认证`;
}

function printed(cn: string, intl: string): string {
	return cn && intl ? `${cn}/${intl}` : cn || intl;
}

const FROM_STANDARDS: Scheme[] = STANDARDS.filter((s) => s.kind === "MS" || s.kind === "SVC").map((s) => ({
	code: s.code,
	kind: s.kind === "MS" ? "management" : "service",
	nameZh: schemeNameZh(s.code, s.titleZh),
	nameEn: s.titleEn,
	standard: printed(s.cn, s.intl),
	validityYears: 3,
	numberPattern: LOOSE_NUMBER,
	numberHintZh: LOOSE_HINT_ZH,
	numberHintEn: LOOSE_HINT_EN,
}));

const PRODUCT_AND_SERVICE: Scheme[] = [
	{
		code: "CCC",
		kind: "product",
		nameZh: "强制性产品认证",
		nameEn: "China Compulsory Certification",
		standard: "CNCA-C 强制性产品认证实施规则",
		validityYears: 5,
		numberPattern: /^(?:200[2-9]|20[1-9]\d|21\d\d)\d{12}$/,
		numberHintZh: "16位数字：4位首次发证年份 + 2位机构代码 + 4位产品代码 + 6位流水号",
		numberHintEn: "16 digits: first-issue year, 2-digit CB code, 4-digit product code, 6-digit sequence",
	},
	{
		code: "VOL",
		kind: "product",
		nameZh: "自愿性产品认证",
		nameEn: "Voluntary product certification",
		standard: "GB/T 27065-2015/ISO/IEC 17065:2012",
		validityYears: 5,
		numberPattern: LOOSE_NUMBER,
		numberHintZh: LOOSE_HINT_ZH,
		numberHintEn: LOOSE_HINT_EN,
	},
	{
		code: "GREEN",
		kind: "product",
		nameZh: "绿色产品认证",
		nameEn: "Green product certification",
		standard: "GB/T 33761-2017 绿色产品评价通则",
		validityYears: 5,
		numberPattern: LOOSE_NUMBER,
		numberHintZh: LOOSE_HINT_ZH,
		numberHintEn: LOOSE_HINT_EN,
	},
	{
		code: "ORGANIC",
		kind: "product",
		nameZh: "有机产品认证",
		nameEn: "Organic product certification",
		standard: "GB/T 19630-2019 有机产品 生产、加工、标识与管理体系要求",
		validityYears: 1,
		numberPattern: /^(?:\d{3}|F\d{2})OP\d{7}(?:-\d{1,3})?$/,
		numberHintZh: "机构序号(3位或F+2位) + OP + 2位年份 + 5位流水号，可加 -n 子证书号",
		numberHintEn: "CB serial (3 digits or F + 2), OP, 2-digit year, 5-digit sequence, optional -n",
	},
	{
		code: "GAP",
		kind: "product",
		nameZh: "良好农业规范认证",
		nameEn: "Good agricultural practice certification",
		standard: "GB/T 20014 良好农业规范",
		validityYears: 1,
		numberPattern: LOOSE_NUMBER,
		numberHintZh: LOOSE_HINT_ZH,
		numberHintEn: LOOSE_HINT_EN,
	},
	{
		code: "SHBRAND",
		kind: "product",
		nameZh: "上海品牌认证",
		nameEn: "Shanghai Brand certification",
		standard: "“上海品牌”认证评价要求",
		validityYears: 3,
		numberPattern: LOOSE_NUMBER,
		numberHintZh: LOOSE_HINT_ZH,
		numberHintEn: LOOSE_HINT_EN,
	},
	{
		code: "SVC",
		kind: "service",
		nameZh: "服务认证",
		nameEn: "Service certification",
		standard: "GB/T 27065-2015/ISO/IEC 17065:2012",
		validityYears: 3,
		numberPattern: LOOSE_NUMBER,
		numberHintZh: LOOSE_HINT_ZH,
		numberHintEn: LOOSE_HINT_EN,
	},
];

/** Every scheme, management systems first. */
export const SCHEMES: readonly Scheme[] = Object.freeze([...FROM_STANDARDS, ...PRODUCT_AND_SERVICE]);

const BY_CODE = new Map(SCHEMES.map((s) => [s.code, s]));

/** Normalises a standard reference for matching: capitals, no spaces, no edition year. */
function standardKey(s: string): string {
	return s
		.toUpperCase()
		.replace(/\s+/g, "")
		.replace(/[-:]\d{4}$/, "");
}

const BY_STANDARD = new Map<string, string>();
for (const s of STANDARDS) {
	if (s.kind === "CA") continue;
	for (const ref of [s.cn, s.intl]) if (ref) BY_STANDARD.set(standardKey(ref), s.code);
}

/** The scheme with this code, or undefined. */
export function schemeByCode(code: string): Scheme | undefined {
	return BY_CODE.get(code);
}

/**
 * Resolves what a user typed as a standard filter — a scheme code (`QMS`), a national or international
 * standard with or without its year (`GB/T 19001-2016`, `ISO 9001`) — to a scheme code.
 */
export function schemeForStandard(input: string): string | undefined {
	const v = input.trim();
	if (BY_CODE.has(v.toUpperCase())) return v.toUpperCase();
	return BY_STANDARD.get(standardKey(v));
}
