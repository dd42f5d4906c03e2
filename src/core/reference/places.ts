// Approximate locations (seat of government, to about 0.01°) for judging whether two audit sites are
// far apart: Shanghai's districts, a few large prefecture-level cities, and every provincial capital.
// A site outside Shanghai is placed by the administrative division code inside its holder's USCC
// (characters 3–8, GB 32100): the prefecture when listed, else the province's capital.
import { DISTRICTS } from "./districts.ts";

/** A place a site can be put at. */
export interface Place {
	readonly code: string;
	readonly nameZh: string;
	readonly nameEn: string;
	readonly lat: number;
	readonly lon: number;
}

const SHANGHAI_DISTRICTS: Record<string, [number, number]> = {
	"310101": [31.23, 121.48],
	"310104": [31.19, 121.44],
	"310105": [31.22, 121.42],
	"310106": [31.23, 121.45],
	"310107": [31.25, 121.4],
	"310109": [31.26, 121.5],
	"310110": [31.26, 121.53],
	"310112": [31.11, 121.38],
	"310113": [31.41, 121.49],
	"310114": [31.38, 121.27],
	"310115": [31.22, 121.54],
	"310116": [30.74, 121.34],
	"310117": [31.03, 121.23],
	"310118": [31.15, 121.12],
	"310120": [30.92, 121.47],
	"310151": [31.62, 121.4],
};

/** Prefecture-level cities by the first four digits of the division code. */
const CITIES: Place[] = [
	{ code: "3202", nameZh: "无锡", nameEn: "Wuxi", lat: 31.49, lon: 120.31 },
	{ code: "3205", nameZh: "苏州", nameEn: "Suzhou", lat: 31.3, lon: 120.59 },
	{ code: "3302", nameZh: "宁波", nameEn: "Ningbo", lat: 29.87, lon: 121.55 },
	{ code: "3702", nameZh: "青岛", nameEn: "Qingdao", lat: 36.07, lon: 120.38 },
	{ code: "4403", nameZh: "深圳", nameEn: "Shenzhen", lat: 22.54, lon: 114.06 },
];

/** Provinces by the first two digits, placed at their capitals. */
const PROVINCES: Place[] = [
	{ code: "11", nameZh: "北京", nameEn: "Beijing", lat: 39.9, lon: 116.41 },
	{ code: "12", nameZh: "天津", nameEn: "Tianjin", lat: 39.13, lon: 117.2 },
	{ code: "13", nameZh: "河北（石家庄）", nameEn: "Hebei (Shijiazhuang)", lat: 38.04, lon: 114.51 },
	{ code: "14", nameZh: "山西（太原）", nameEn: "Shanxi (Taiyuan)", lat: 37.87, lon: 112.55 },
	{ code: "15", nameZh: "内蒙古（呼和浩特）", nameEn: "Inner Mongolia (Hohhot)", lat: 40.84, lon: 111.75 },
	{ code: "21", nameZh: "辽宁（沈阳）", nameEn: "Liaoning (Shenyang)", lat: 41.8, lon: 123.43 },
	{ code: "22", nameZh: "吉林（长春）", nameEn: "Jilin (Changchun)", lat: 43.82, lon: 125.32 },
	{ code: "23", nameZh: "黑龙江（哈尔滨）", nameEn: "Heilongjiang (Harbin)", lat: 45.8, lon: 126.53 },
	{ code: "31", nameZh: "上海", nameEn: "Shanghai", lat: 31.23, lon: 121.47 },
	{ code: "32", nameZh: "江苏（南京）", nameEn: "Jiangsu (Nanjing)", lat: 32.06, lon: 118.8 },
	{ code: "33", nameZh: "浙江（杭州）", nameEn: "Zhejiang (Hangzhou)", lat: 30.27, lon: 120.16 },
	{ code: "34", nameZh: "安徽（合肥）", nameEn: "Anhui (Hefei)", lat: 31.82, lon: 117.23 },
	{ code: "35", nameZh: "福建（福州）", nameEn: "Fujian (Fuzhou)", lat: 26.07, lon: 119.3 },
	{ code: "36", nameZh: "江西（南昌）", nameEn: "Jiangxi (Nanchang)", lat: 28.68, lon: 115.86 },
	{ code: "37", nameZh: "山东（济南）", nameEn: "Shandong (Jinan)", lat: 36.65, lon: 117.12 },
	{ code: "41", nameZh: "河南（郑州）", nameEn: "Henan (Zhengzhou)", lat: 34.75, lon: 113.63 },
	{ code: "42", nameZh: "湖北（武汉）", nameEn: "Hubei (Wuhan)", lat: 30.59, lon: 114.31 },
	{ code: "43", nameZh: "湖南（长沙）", nameEn: "Hunan (Changsha)", lat: 28.23, lon: 112.94 },
	{ code: "44", nameZh: "广东（广州）", nameEn: "Guangdong (Guangzhou)", lat: 23.13, lon: 113.26 },
	{ code: "45", nameZh: "广西（南宁）", nameEn: "Guangxi (Nanning)", lat: 22.82, lon: 108.37 },
	{ code: "46", nameZh: "海南（海口）", nameEn: "Hainan (Haikou)", lat: 20.04, lon: 110.2 },
	{ code: "50", nameZh: "重庆", nameEn: "Chongqing", lat: 29.56, lon: 106.55 },
	{ code: "51", nameZh: "四川（成都）", nameEn: "Sichuan (Chengdu)", lat: 30.57, lon: 104.07 },
	{ code: "52", nameZh: "贵州（贵阳）", nameEn: "Guizhou (Guiyang)", lat: 26.65, lon: 106.63 },
	{ code: "53", nameZh: "云南（昆明）", nameEn: "Yunnan (Kunming)", lat: 25.04, lon: 102.71 },
	{ code: "54", nameZh: "西藏（拉萨）", nameEn: "Tibet (Lhasa)", lat: 29.65, lon: 91.13 },
	{ code: "61", nameZh: "陕西（西安）", nameEn: "Shaanxi (Xi'an)", lat: 34.34, lon: 108.94 },
	{ code: "62", nameZh: "甘肃（兰州）", nameEn: "Gansu (Lanzhou)", lat: 36.06, lon: 103.83 },
	{ code: "63", nameZh: "青海（西宁）", nameEn: "Qinghai (Xining)", lat: 36.62, lon: 101.78 },
	{ code: "64", nameZh: "宁夏（银川）", nameEn: "Ningxia (Yinchuan)", lat: 38.49, lon: 106.23 },
	{ code: "65", nameZh: "新疆（乌鲁木齐）", nameEn: "Xinjiang (Urumqi)", lat: 43.83, lon: 87.62 },
];

const BY_CODE = new Map<string, Place>([
	...DISTRICTS.map((d) => {
		const [lat, lon] = SHANGHAI_DISTRICTS[d.code]!;
		return [d.code, { code: d.code, nameZh: d.nameZh, nameEn: d.nameEn, lat, lon }] as const;
	}),
	...CITIES.map((c) => [c.code, c] as const),
	...PROVINCES.map((p) => [p.code, p] as const),
]);

/**
 * Where a holder's sites are: its Shanghai district when it has one, else the division code in its
 * USCC (a district of Shanghai, a listed city, or the province's capital). Null when neither tells.
 */
export function placeOf(district: string | null, uscc: string): Place | null {
	if (district && BY_CODE.has(district)) return BY_CODE.get(district)!;
	const division = uscc.slice(2, 8);
	return (
		BY_CODE.get(division) ?? BY_CODE.get(division.slice(0, 4)) ?? BY_CODE.get(division.slice(0, 2)) ?? null
	);
}

/** Great-circle distance in kilometres. */
export function distanceKm(a: Place, b: Place): number {
	const rad = Math.PI / 180;
	const dLat = (b.lat - a.lat) * rad;
	const dLon = (b.lon - a.lon) * rad;
	const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
	return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}
