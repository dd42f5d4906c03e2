// Shanghai's 16 districts (GB/T 2260 codes), copied from the platform's reference data.
// Source: Ministry of Civil Affairs code series 2024; English names are the official romanised forms.

/** One Shanghai district. */
export interface District {
	readonly code: string;
	readonly nameZh: string;
	readonly nameEn: string;
}

export const DISTRICTS: readonly District[] = Object.freeze([
	{ code: "310101", nameZh: "黄浦区", nameEn: "Huangpu District" },
	{ code: "310104", nameZh: "徐汇区", nameEn: "Xuhui District" },
	{ code: "310105", nameZh: "长宁区", nameEn: "Changning District" },
	{ code: "310106", nameZh: "静安区", nameEn: "Jing'an District" },
	{ code: "310107", nameZh: "普陀区", nameEn: "Putuo District" },
	{ code: "310109", nameZh: "虹口区", nameEn: "Hongkou District" },
	{ code: "310110", nameZh: "杨浦区", nameEn: "Yangpu District" },
	{ code: "310112", nameZh: "闵行区", nameEn: "Minhang District" },
	{ code: "310113", nameZh: "宝山区", nameEn: "Baoshan District" },
	{ code: "310114", nameZh: "嘉定区", nameEn: "Jiading District" },
	{ code: "310115", nameZh: "浦东新区", nameEn: "Pudong New Area" },
	{ code: "310116", nameZh: "金山区", nameEn: "Jinshan District" },
	{ code: "310117", nameZh: "松江区", nameEn: "Songjiang District" },
	{ code: "310118", nameZh: "青浦区", nameEn: "Qingpu District" },
	{ code: "310120", nameZh: "奉贤区", nameEn: "Fengxian District" },
	{ code: "310151", nameZh: "崇明区", nameEn: "Chongming District" },
]);

const BY_CODE = new Map(DISTRICTS.map((d) => [d.code, d]));

/** The district with this GB/T 2260 code, or undefined. */
export function districtByCode(code: string): District | undefined {
	return BY_CODE.get(code);
}
