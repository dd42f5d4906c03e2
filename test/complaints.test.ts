/**
 * Complaints and reports (投诉举报) through the API and the portal: anyone files one without signing in
 * and gets a tracking number; bad input is refused field by field in Chinese, with nothing stored; the
 * progress read by tracking number never holds the complainant's name, phone or words; an officer of
 * another district can do nothing with it; accepted, assigned, investigated and closed as upheld, it
 * becomes a log entry and an event in the organisation's integrity file; filings past the per-address
 * limit answer 429; the portal's plain HTML form files one and shows the tracking number.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { fixedClock } from "../src/core/dates.ts";
import { Workdays } from "../src/core/workdays.ts";
import {
	ACCEPT_WITHIN_WORKDAYS,
	CLOSE_WITHIN_WORKDAYS,
	fileComplaint,
	publicActor,
} from "../src/server/complaints/complaints.service.ts";
import { FILING_RATE_LIMIT } from "../src/server/complaints/filing.ts";
import {
	type Credentials,
	logSize,
	makeAccount,
	newestLogEntry,
	type TestApp,
	testApp,
} from "./helpers/app.ts";
import { DIALECTS } from "./helpers/db.ts";
import { applyOk, newUscc, org, TODAY } from "./helpers/factories.ts";

type Session = Credentials & { cookie: string; csrf: string };

const NAME = "欧阳翠花";
const PHONE = "13987654321";
const PNG = Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000", "hex");
const PDF = Buffer.from("%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n");
const EXE = Buffer.from("4d5a90000300000004000000ffff0000", "hex");
const TRACKING = /^TS\d{8}[0-9A-HJKMNP-TV-Z]{8}$/;

let address = 0;
/** A fresh client address, so that each story has the filing limit to itself. */
function newAddress(): string {
	return `10.0.${Math.floor(++address / 250)}.${(address % 250) + 1}`;
}

/** A multipart/form-data body, as a browser sends a form with files. */
async function multipart(
	fields: Record<string, string>,
	files: { name: string; type: string; bytes: Buffer }[],
) {
	const fd = new FormData();
	for (const [k, v] of Object.entries(fields)) fd.append(k, v);
	for (const f of files)
		fd.append("attachments", new Blob([new Uint8Array(f.bytes)], { type: f.type }), f.name);
	const r = new Request("http://opentic.test/", { method: "POST", body: fd });
	return { payload: Buffer.from(await r.arrayBuffer()), contentType: r.headers.get("content-type")! };
}

for (const kind of DIALECTS)
	describe(`complaints and reports [${kind}]`, () => {
		let t: TestApp;
		let asOfficer: Session;
		let asOther: Session;
		let asAdmin: Session;
		const subject = org({ name: "上海投诉测试电器有限公司", district: "310115" });
		const elsewhere = org({ name: "上海徐汇投诉测试有限公司", district: "310104" });

		/** Files through the API from an address (JSON, or a prepared multipart body). */
		async function file(body: unknown, ip = newAddress(), raw?: { payload: Buffer; contentType: string }) {
			const res = await t.app.inject({
				method: "POST",
				url: "/api/v1/complaints",
				remoteAddress: ip,
				headers: { "content-type": raw?.contentType ?? "application/json" },
				payload: raw?.payload ?? JSON.stringify(body),
			});
			return { status: res.statusCode, body: res.json(), raw: res.body, headers: res.headers };
		}

		const good = (over: Record<string, unknown> = {}) => ({
			kind: "complaint",
			subjectUscc: subject.uscc,
			recordNumber: "CQC2026010101",
			description: "购买的电热水器贴有CCC标志，但使用一周后漏电，商家称有认证证书却拿不出来。",
			name: NAME,
			phone: PHONE,
			attachments: [{ filename: "发票.png", contentType: "image/png", data: PNG.toString("base64") }],
			...over,
		});

		const count = async () =>
			Number(
				(
					await t.db.db
						.selectFrom("complaints")
						.select((eb) => eb.fn.countAll().as("n"))
						.executeTakeFirstOrThrow()
				).n,
			);

		before(async () => {
			t = await testApp(kind);
			const regulator = org({
				kind: "regulator",
				name: "上海市市场监督管理局",
				uscc: newUscc("11", "310000"),
			});
			await applyOk(t.db.db, "organizations", [regulator, subject, elsewhere]);
			await makeAccount(t, "k-admin", "regulator_admin", regulator.uscc as string);
			await makeAccount(t, "k-officer", "regulator_officer", regulator.uscc as string, ["310115"]);
			await makeAccount(t, "k-other", "regulator_officer", regulator.uscc as string, ["310104"]);
			asAdmin = await t.signIn("k-admin");
			asOfficer = await t.signIn("k-officer");
			asOther = await t.signIn("k-other");
		});
		after(() => t.close());

		it("files a complaint without signing in and answers a tracking number with the day to accept it by", async () => {
			const r = await file(good());
			assert.equal(r.status, 201, r.raw);
			assert.match(r.body.tracking, TRACKING);
			assert.equal(r.body.tracking.slice(2, 10), TODAY.replaceAll("-", ""));
			assert.equal(r.body.status, "received");
			assert.equal(r.body.acceptBy, new Workdays().add(TODAY, ACCEPT_WITHIN_WORKDAYS));
			const row = await t.db.db
				.selectFrom("complaints")
				.selectAll()
				.where("tracking", "=", r.body.tracking)
				.executeTakeFirstOrThrow();
			assert.equal(row.district, "310115", "routed to the subject's district");
			const files = await t.db.db
				.selectFrom("complaint_attachments")
				.select(["content_type", "size"])
				.where("complaint_id", "=", row.id)
				.execute();
			assert.deepEqual(files, [{ content_type: "image/png", size: PNG.length }]);
		});

		it("refuses bad input field by field in Chinese, and stores nothing", async () => {
			const before = await count();
			const wrongCheck = `${(subject.uscc as string).slice(0, 17)}${(subject.uscc as string).endsWith("0") ? "1" : "0"}`;
			const r = await file(good({ description: "太短了", subjectUscc: wrongCheck, phone: "12345" }));
			assert.equal(r.status, 400);
			assert.equal(r.body.error.code, "COMPLAINT_INVALID");
			assert.equal(r.body.error.field, "description", "the first problem leads");
			assert.match(r.body.error.messageZh, /^description：事情经过应为10至5000个字，实际为3个字$/);
			const problems = r.body.error.details.problems as { field: string; rule: string; messageZh: string }[];
			assert.deepEqual(
				problems.map((p) => [p.field, p.rule]),
				[
					["description", "LENGTH"],
					["subjectUscc", "USCC_CHECK"],
					["phone", "PHONE_FORMAT"],
				],
			);
			assert.match(
				problems[1]!.messageZh,
				/^统一社会信用代码无效：第18位校验码应为“.”，实际为“.”（GB 32100）$/,
			);
			assert.match(problems[2]!.messageZh, /电话号码格式不正确/);
			const missing = await file({ kind: "投诉", description: "" });
			assert.deepEqual(
				(missing.body.error.details.problems as { field: string }[]).map((p) => p.field),
				["kind", "description", "name", "phone"],
			);
			const namedOnly = await file(good({ kind: "complaint", anonymous: true }));
			assert.equal(namedOnly.body.error.field, "anonymous", "a complaint (投诉) is made in one's name");
			assert.equal(await count(), before);
		});

		it("refuses a file that is not a PNG, JPEG or PDF by its bytes, and more than three files", async () => {
			const before = await count();
			const exe = await file(
				good({
					attachments: [{ filename: "照片.png", contentType: "image/png", data: EXE.toString("base64") }],
				}),
			);
			assert.equal(exe.status, 400);
			assert.deepEqual([exe.body.error.field, exe.body.error.rule], ["attachments[0]", "FILE_TYPE"]);
			assert.match(exe.body.error.messageZh, /“照片\.png”不是PNG或JPEG图片，也不是PDF文件/);
			const four = Array.from({ length: 4 }, (_, i) => ({
				filename: `${i}.pdf`,
				data: PDF.toString("base64"),
			}));
			const many = await file(good({ attachments: four }));
			assert.deepEqual([many.body.error.field, many.body.error.rule], ["attachments", "TOO_MANY"]);
			assert.equal(await count(), before);
		});

		it("takes an anonymous report with its files as multipart/form-data, keeping no contact", async () => {
			const body = await multipart(
				{
					kind: "report",
					anonymous: "true",
					name: "不该保存的名字",
					description: "有人在网上出售检验检测报告，可以不送样直接出具合格报告。",
					district: "徐汇区",
				},
				[{ name: "截图.pdf", type: "application/pdf", bytes: PDF }],
			);
			const r = await file(undefined, newAddress(), body);
			assert.equal(r.status, 201, r.raw);
			const row = await t.db.db
				.selectFrom("complaints")
				.select(["id", "anonymous", "district"])
				.where("tracking", "=", r.body.tracking)
				.executeTakeFirstOrThrow();
			assert.deepEqual([row.anonymous, row.district], [1, "310104"]);
			const contact = await t.db.db
				.selectFrom("complaint_contacts")
				.selectAll()
				.where("complaint_id", "=", row.id)
				.executeTakeFirst();
			assert.equal(contact, undefined);
		});

		describe("handling", () => {
			let tracking: string;
			before(async () => {
				tracking = (await file(good())).body.tracking;
			});

			it("keeps another district's officer out: no queue entry, no view, no step", async () => {
				const list = await t.get("/api/v1/complaints", asOther);
				assert.equal(list.status, 200);
				assert.ok(!list.body.items.some((c: { tracking: string }) => c.tracking === tracking));
				assert.equal((await t.get(`/api/v1/complaints/${tracking}/manage`, asOther)).status, 404);
				const accept = await t.request("POST", `/api/v1/complaints/${tracking}/accept`, {
					as: asOther,
					body: {},
				});
				assert.deepEqual([accept.status, accept.body.error.code], [403, "COMPLAINT_NOT_YOURS"]);
				const denied = await t.db.db
					.selectFrom("audit_log")
					.select("actor_label")
					.where("action", "=", "complaint.accept")
					.where("outcome", "=", "denied")
					.execute();
				assert.deepEqual(denied, [{ actor_label: "k-other" }]);
				const anonymous = await t.get("/api/v1/complaints");
				assert.equal(anonymous.status, 401);
			});

			it("is accepted, assigned, investigated and closed as upheld: logged, in the credit file, regraded", async () => {
				const queue = await t.get("/api/v1/complaints?status=received", asOfficer);
				assert.ok(queue.body.items.some((c: { tracking: string }) => c.tracking === tracking));
				const accepted = await t.request("POST", `/api/v1/complaints/${tracking}/accept`, {
					as: asOfficer,
					body: { note: "已受理，转浦东新区市场监管局核查" },
				});
				assert.equal(accepted.status, 200, accepted.raw);
				assert.equal(accepted.body.closeBy, new Workdays().add(TODAY, CLOSE_WITHIN_WORKDAYS));
				const again = await t.request("POST", `/api/v1/complaints/${tracking}/reject`, {
					as: asOfficer,
					body: { reason: "重复" },
				});
				assert.deepEqual([again.status, again.body.error.code], [409, "COMPLAINT_STATE"]);
				const wrongHandler = await t.request("POST", `/api/v1/complaints/${tracking}/assign`, {
					as: asOfficer,
					body: { username: "k-other" },
				});
				assert.deepEqual([wrongHandler.status, wrongHandler.body.error.field], [400, "username"]);
				const assigned = await t.request("POST", `/api/v1/complaints/${tracking}/assign`, {
					as: asAdmin,
					body: { username: "k-officer" },
				});
				assert.deepEqual([assigned.status, assigned.body.assignee], [200, "k-officer"]);
				const investigating = await t.request("POST", `/api/v1/complaints/${tracking}/investigate`, {
					as: asOfficer,
					body: {},
				});
				assert.equal(investigating.body.status, "investigating");
				const leaky = await t.request("POST", `/api/v1/complaints/${tracking}/close`, {
					as: asOfficer,
					body: { outcome: "upheld", publicText: `经查属实，已告知投诉人${NAME}。` },
				});
				assert.deepEqual([leaky.status, leaky.body.error.rule], [400, "PERSONAL_DATA"]);
				const size = await logSize(t);
				const closed = await t.request("POST", `/api/v1/complaints/${tracking}/close`, {
					as: asOfficer,
					body: {
						outcome: "upheld",
						publicText: "经查，该企业销售未获认证的电热水器属实，已责令停止销售并立案调查。",
					},
				});
				assert.equal(closed.status, 200, closed.raw);
				assert.equal(closed.body.outcome, "upheld");
				assert.equal(await logSize(t), size + 1);
				const entry = await newestLogEntry(t);
				assert.equal(entry.type, "complaint.upheld");
				assert.deepEqual(entry.subject, { kind: "complaint", number: tracking });
				assert.equal(entry.by, subject.uscc);
				const credit = await t.get(`/api/v1/organizations/${subject.uscc}/credit`);
				const event = credit.body.events.find((e: { kind: string }) => e.kind === "complaint");
				assert.equal(event.source, tracking);
				assert.equal(event.outcome, "upheld");
				assert.equal(event.logIndex, size);
				assert.match(event.summary, /^投诉经查属实：经查，该企业销售未获认证的电热水器属实/);
				const grade = await t.db.db
					.selectFrom("credit_grades as g")
					.innerJoin("organizations as o", "o.id", "g.org_id")
					.select("g.explanation_json")
					.where("o.uscc", "=", subject.uscc as string)
					.executeTakeFirstOrThrow();
				assert.match(grade.explanation_json, new RegExp(tracking), "the grade counts the complaint");
				for (const text of [JSON.stringify(entry), JSON.stringify(credit.body)]) {
					assert.ok(!text.includes(PHONE) && !text.includes(NAME), "no personal data is published");
				}
			});

			it("shows the regulators everything, the contact included, and audits the read", async () => {
				const m = await t.get(`/api/v1/complaints/${tracking}/manage`, asOfficer);
				assert.equal(m.status, 200);
				assert.deepEqual(m.body.complainant, { name: NAME, phone: PHONE, email: null });
				assert.deepEqual(
					m.body.steps.map((s: { status: string }) => s.status),
					["received", "accepted", "assigned", "investigating", "closed"],
				);
				const file0 = await t.get(
					`/api/v1/complaints/${tracking}/attachments/${m.body.attachments[0].id}`,
					asOfficer,
				);
				assert.equal(file0.status, 200);
				assert.equal(file0.headers["content-type"], "image/png");
				const reads = await t.db.db
					.selectFrom("audit_log")
					.select(["action", "actor_label", "detail"])
					.where("target_key", "like", `${tracking}%`)
					.where("action", "in", ["complaint.read", "complaint.attachment.read"])
					.execute();
				assert.equal(reads.length, 2);
				assert.ok(reads.every((r) => r.actor_label === "k-officer" && !(r.detail ?? "").includes(PHONE)));
			});

			it("answers the progress by tracking number with no personal data, in JSON and on the portal", async () => {
				const p = await t.get(`/api/v1/complaints/${tracking.toLowerCase()}`);
				assert.equal(p.status, 200);
				assert.equal(p.body.status, "closed");
				assert.equal(p.body.outcome, "upheld");
				assert.deepEqual(
					p.body.steps.map((s: { status: string; note: string | null }) => [s.status, s.note !== null]),
					[
						["received", false],
						["accepted", true],
						["assigned", false],
						["investigating", false],
						["closed", true],
					],
				);
				const html = await t.app.inject({ method: "GET", url: `/complaints/${tracking}` });
				assert.equal(html.statusCode, 200);
				assert.match(html.body, /经查属实/);
				for (const raw of [p.raw, html.body])
					for (const secret of [NAME, PHONE, "k-officer", "使用一周后漏电"])
						assert.ok(!raw.includes(secret), `the progress does not show ${secret}`);
				assert.equal((await t.get("/api/v1/complaints/TS20260601AAAAAAAA")).status, 404);
			});
		});

		it("lists what is past its deadline, and triage routes a city-level report to a district", async () => {
			// Filed 30 days ago, with nothing to say where: the city's administrators triage it.
			const { tracking } = await fileComplaint(
				t.db.db,
				{ kind: "report", anonymous: true, description: "网上有人出售无需审核的ISO 9001认证证书。" },
				{
					clock: fixedClock("2026-05-01T04:00:00.000Z"),
					actor: publicActor("10.1.1.1", null),
					workdays: new Workdays(),
				},
			);
			const late = (as: Session) =>
				t
					.get("/api/v1/complaints?overdue=true", as)
					.then((r) => r.body.items.map((c: { tracking: string }) => c.tracking));
			assert.deepEqual(await late(asAdmin), [tracking]);
			assert.deepEqual(await late(asOfficer), [], "an officer sees only their districts'");
			const routed = await t.request("POST", `/api/v1/complaints/${tracking}/accept`, {
				as: asAdmin,
				body: { district: "浦东新区" },
			});
			assert.deepEqual([routed.status, routed.body.district, routed.body.overdue], [200, "310115", false]);
			const queue = await t.get("/api/v1/complaints?status=accepted", asOfficer);
			assert.ok(queue.body.items.some((c: { tracking: string }) => c.tracking === tracking));
		});

		it(`answers 429 past ${FILING_RATE_LIMIT.max} filings from one address`, async () => {
			const ip = newAddress();
			for (let i = 0; i < FILING_RATE_LIMIT.max; i++) assert.equal((await file({}, ip)).status, 400);
			const r = await file(good(), ip);
			assert.equal(r.status, 429);
			assert.equal(r.body.error.code, "COMPLAINT_RATE_LIMITED");
			assert.match(r.body.error.messageZh, /提交过于频繁/);
			assert.ok(Number(r.headers["retry-after"]) > 0);
			assert.equal((await file(good(), newAddress())).status, 201, "another address is not held back");
		});

		it("files through the portal's plain HTML form, showing errors beside fields and then the tracking number", async () => {
			const form = await t.app.inject({ method: "GET", url: "/complaints/new" });
			assert.equal(form.statusCode, 200);
			assert.match(
				form.body,
				/<form class="card bulk" method="post" action="\/complaints\/new" enctype="multipart\/form-data">/,
			);
			const home = await t.app.inject({ method: "GET", url: "/" });
			assert.match(home.body, /href="\/complaints\/new"/);
			const fields = {
				kind: "report",
				subjectName: elsewhere.name as string,
				description: "该公司出具的检测报告上的签字人并不在该实验室工作。",
				name: NAME,
				phone: "0215555",
			};
			const ip = newAddress();
			const bad = await multipart(fields, []);
			const refused = await t.app.inject({
				method: "POST",
				url: "/complaints/new",
				remoteAddress: ip,
				headers: { "content-type": bad.contentType },
				payload: bad.payload,
			});
			assert.equal(refused.statusCode, 400);
			assert.match(refused.body, /<p class="field-error" id="e-phone">电话号码格式不正确/);
			assert.match(refused.body, /aria-invalid="true" aria-describedby="h-phone e-phone"/);
			assert.match(refused.body, /该公司出具的检测报告上的签字人/, "what was typed is kept");
			const ok = await multipart({ ...fields, phone: "021-55556666" }, [
				{ name: "报告.pdf", type: "application/pdf", bytes: PDF },
			]);
			const filed = await t.app.inject({
				method: "POST",
				url: "/complaints/new",
				remoteAddress: ip,
				headers: { "content-type": ok.contentType },
				payload: ok.payload,
			});
			assert.equal(filed.statusCode, 200, filed.body.slice(0, 500));
			const tracking = /<strong class="mono" id="tracking"[^>]*>(TS\w+)<\/strong>/.exec(filed.body)?.[1];
			assert.ok(tracking && TRACKING.test(tracking), "the tracking number is shown");
			assert.match(filed.body, new RegExp(`href="/complaints/${tracking}"`));
			const lookup = await t.app.inject({
				method: "GET",
				url: `/complaints?tracking=${tracking!.toLowerCase()}`,
			});
			assert.deepEqual([lookup.statusCode, lookup.headers.location], [303, `/complaints/${tracking}`]);
			const progress = await t.app.inject({ method: "GET", url: `/complaints/${tracking}` });
			assert.equal(progress.statusCode, 200);
			assert.match(progress.body, /已收到/);
			assert.match(
				progress.body,
				new RegExp(elsewhere.name as string),
				"linked to the organisation by its name",
			);
			assert.ok(!progress.body.includes(NAME) && !progress.body.includes("55556666"));
			const row = await t.db.db
				.selectFrom("complaints")
				.select(["district", "org_id"])
				.where("tracking", "=", tracking!)
				.executeTakeFirstOrThrow();
			assert.equal(row.district, "310104");
			assert.notEqual(row.org_id, null);
		});
	});
