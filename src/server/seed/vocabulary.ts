/**
 * Words for realistic, clearly fictional demo data: trade names, industries, Shanghai roads, people's
 * names, and a catalogue of real test parameters with their real method standards. No record built from
 * these refers to a real company, certificate or person.
 */

/** Characters used in trade names (字号), two at a time. */
export const TRADE_CHARS = [
	..."华信达通宏远泰丰瑞恒昌盛嘉兴鑫源隆安康博创新科伟业汇金诚德宇航天凯祥和美佳聚合锦程永利长青益民立明光正大东方海浦江申沪雅晨卓越优联众开元启星辰瑞丰宝晶辉鸿运精工志成润泽万通中环宁远同舟博雅智云欣荣尚品铭泰天成",
];

/** Industries: the word in the company name and what a certificate scope says it does. */
export const INDUSTRIES: { word: string; scope: string; product: string }[] = [
	{ word: "电子科技", scope: "电子元器件的设计、生产和销售", product: "电子元器件" },
	{ word: "机械制造", scope: "通用机械设备及零部件的生产", product: "机械零部件" },
	{ word: "食品", scope: "预包装食品的生产和销售", product: "预包装食品" },
	{ word: "生物医药", scope: "医疗器械的研发、生产和售后服务", product: "医疗器械" },
	{ word: "新材料", scope: "高分子复合材料的研发和生产", product: "复合材料" },
	{ word: "汽车零部件", scope: "汽车零部件的设计和制造", product: "汽车零部件" },
	{ word: "建设工程", scope: "房屋建筑工程施工", product: "建筑工程" },
	{ word: "信息技术", scope: "计算机软件开发和信息系统集成服务", product: "软件" },
	{ word: "环保科技", scope: "环境监测设备的研发、生产和运维服务", product: "环保设备" },
	{ word: "包装材料", scope: "塑料包装制品的生产", product: "包装制品" },
	{ word: "纺织服饰", scope: "服装的设计、生产和销售", product: "服装" },
	{ word: "化工", scope: "涂料和胶粘剂的生产", product: "涂料" },
	{ word: "物流", scope: "道路货物运输和仓储服务", product: "物流服务" },
	{ word: "电器", scope: "家用电器的生产和销售", product: "家用电器" },
	{ word: "精密仪器", scope: "测量仪器仪表的设计和制造", product: "测量仪器" },
	{ word: "物业管理", scope: "住宅和商业物业管理服务", product: "物业服务" },
	{ word: "照明科技", scope: "LED灯具的设计、生产和销售", product: "LED灯具" },
	{ word: "农业发展", scope: "蔬菜和水果的种植、采收和包装", product: "蔬菜" },
	{ word: "供应链管理", scope: "供应链管理服务", product: "供应链服务" },
	{ word: "电线电缆", scope: "电线电缆的生产和销售", product: "电线电缆" },
];

export const COMPANY_FORMS = ["有限公司", "股份有限公司", "有限公司", "集团有限公司"];

/** A few real roads per district (GB/T 2260 code), for addresses. */
export const ROADS: Record<string, string[]> = {
	"310101": ["南京东路", "福州路", "西藏中路", "中山南路"],
	"310104": ["漕溪北路", "虹桥路", "宜山路", "钦州北路"],
	"310105": ["天山路", "延安西路", "仙霞路", "金钟路"],
	"310106": ["南京西路", "共和新路", "延长中路", "江场路"],
	"310107": ["曹杨路", "真北路", "武宁路", "祁连山南路"],
	"310109": ["四川北路", "曲阳路", "大连西路", "广纪路"],
	"310110": ["国定路", "长阳路", "军工路", "黄兴路"],
	"310112": ["莘庄路", "沪闵路", "光华路", "紫星路"],
	"310113": ["牡丹江路", "友谊路", "蕴川路", "宝杨路"],
	"310114": ["墨玉南路", "叶城路", "安亭镇和静路", "曹安公路"],
	"310115": ["张江路", "世纪大道", "金科路", "川沙路", "航头镇沪南公路", "祝桥镇空港路"],
	"310116": ["卫零路", "亭林镇林慧路", "枫泾镇朱枫公路"],
	"310117": ["九亭镇涞寅路", "新桥镇新茸路", "车墩镇香泾路", "荣乐东路"],
	"310118": ["华新镇华腾路", "徐泾镇诸光路", "赵巷镇嘉松中路"],
	"310120": ["金海公路", "南桥镇环城东路", "青村镇光明中心路"],
	"310151": ["城桥镇东门路", "陈家镇陈伟公路", "堡镇堡镇港路"],
};

export const SURNAMES = [
	..."王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方邹熊白孟秦邱侯江尹薛闫段雷黎史龙陶贺顾毛郝龚邵万钱严覃武戴莫孔向汤",
];
export const GIVEN_CHARS = [
	..."伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬鑫斌宇浩凯健俊帆帅旭宁琳晨辰欣怡佳雪慧婷倩颖嘉文博睿雯晓东晖波毅",
];

/** Real test parameters and method standards, by field and product. */
export const TESTS: { field: string; product: string; parameter: string; standard: string }[] = [
	{ field: "食品", product: "饮料", parameter: "菌落总数", standard: "GB 4789.2-2022" },
	{ field: "食品", product: "饮料", parameter: "大肠菌群", standard: "GB 4789.3-2016" },
	{ field: "食品", product: "饮料", parameter: "苯甲酸及其钠盐", standard: "GB 5009.28-2016" },
	{ field: "食品", product: "糕点", parameter: "铅", standard: "GB 5009.12-2023" },
	{ field: "食品", product: "糕点", parameter: "酸价", standard: "GB 5009.229-2016" },
	{ field: "食品", product: "糕点", parameter: "过氧化值", standard: "GB 5009.227-2023" },
	{ field: "食品", product: "食用植物油", parameter: "黄曲霉毒素B1", standard: "GB 5009.22-2016" },
	{ field: "食品", product: "蔬菜", parameter: "毒死蜱", standard: "GB 23200.113-2018" },
	{ field: "电子电器", product: "家用电器", parameter: "泄漏电流", standard: "GB 4706.1-2005" },
	{ field: "电子电器", product: "家用电器", parameter: "电气强度", standard: "GB 4706.1-2005" },
	{ field: "电子电器", product: "家用电器", parameter: "接地电阻", standard: "GB 4706.1-2005" },
	{ field: "电子电器", product: "信息技术设备", parameter: "骚扰电压", standard: "GB/T 9254.1-2021" },
	{ field: "电子电器", product: "信息技术设备", parameter: "辐射骚扰", standard: "GB/T 9254.1-2021" },
	{ field: "电子电器", product: "LED灯具", parameter: "谐波电流", standard: "GB 17625.1-2022" },
	{ field: "电子电器", product: "锂离子电池", parameter: "过充电保护", standard: "GB 31241-2022" },
	{ field: "电子电器", product: "电线电缆", parameter: "导体电阻", standard: "GB/T 3048.4-2007" },
	{ field: "电子电器", product: "电线电缆", parameter: "绝缘厚度", standard: "GB/T 2951.11-2008" },
	{ field: "建筑材料", product: "水泥", parameter: "胶砂强度", standard: "GB/T 17671-2021" },
	{ field: "建筑材料", product: "水泥", parameter: "安定性", standard: "GB/T 1346-2011" },
	{ field: "建筑材料", product: "混凝土", parameter: "抗压强度", standard: "GB/T 50081-2019" },
	{ field: "建筑材料", product: "钢筋", parameter: "屈服强度", standard: "GB/T 228.1-2021" },
	{ field: "建筑材料", product: "涂料", parameter: "挥发性有机化合物", standard: "GB 18582-2020" },
	{ field: "纺织品", product: "服装", parameter: "甲醛含量", standard: "GB/T 2912.1-2009" },
	{ field: "纺织品", product: "服装", parameter: "pH值", standard: "GB/T 7573-2009" },
	{ field: "纺织品", product: "服装", parameter: "耐摩擦色牢度", standard: "GB/T 3920-2008" },
	{ field: "纺织品", product: "服装", parameter: "纤维含量", standard: "FZ/T 01057-2007" },
	{ field: "环境", product: "地表水", parameter: "化学需氧量", standard: "HJ 828-2017" },
	{ field: "环境", product: "地表水", parameter: "氨氮", standard: "HJ 535-2009" },
	{ field: "环境", product: "环境空气", parameter: "PM2.5", standard: "HJ 618-2011" },
	{ field: "环境", product: "土壤", parameter: "镉", standard: "GB/T 17141-1997" },
	{ field: "环境", product: "工业废气", parameter: "非甲烷总烃", standard: "HJ 38-2017" },
	{ field: "机械", product: "汽车零部件", parameter: "中性盐雾", standard: "GB/T 10125-2021" },
	{ field: "机械", product: "汽车零部件", parameter: "尺寸", standard: "GB/T 1804-2000" },
	{ field: "机械", product: "紧固件", parameter: "硬度", standard: "GB/T 230.1-2018" },
	{ field: "机械", product: "压力管道元件", parameter: "射线检测", standard: "NB/T 47013.2-2015" },
	{ field: "轻工", product: "塑胶玩具", parameter: "可迁移元素", standard: "GB 6675.4-2014" },
	{ field: "轻工", product: "塑胶玩具", parameter: "小零件", standard: "GB 6675.2-2014" },
	{ field: "轻工", product: "儿童家具", parameter: "甲醛释放量", standard: "GB 28007-2024" },
	{ field: "轻工", product: "食品接触材料", parameter: "总迁移量", standard: "GB 31604.8-2021" },
	{ field: "医疗器械", product: "医用口罩", parameter: "细菌过滤效率", standard: "YY 0469-2011" },
	{ field: "医疗器械", product: "一次性注射器", parameter: "无菌", standard: "GB/T 14233.2-2005" },
	{ field: "计量校准", product: "压力表", parameter: "示值误差", standard: "JJG 52-2013" },
];

/** CB name patterns (fictional). */
export const CB_NAMES = ["认证有限公司", "质量认证中心有限公司", "检验认证有限公司", "认证服务有限公司"];
/** Lab name patterns (fictional). */
export const LAB_NAMES = [
	"检测技术有限公司",
	"检验检测有限公司",
	"质量检测有限公司",
	"计量检测技术有限公司",
	"环境检测有限公司",
];

/** Provinces for bodies and holders outside Shanghai at national scale (GB/T 2260 codes). */
export const PROVINCES: { code: string; name: string }[] = [
	{ code: "110105", name: "北京" },
	{ code: "320505", name: "苏州" },
	{ code: "330106", name: "杭州" },
	{ code: "340104", name: "合肥" },
	{ code: "440305", name: "深圳" },
	{ code: "440106", name: "广州" },
	{ code: "370202", name: "青岛" },
	{ code: "420106", name: "武汉" },
	{ code: "510107", name: "成都" },
	{ code: "120116", name: "天津" },
];
