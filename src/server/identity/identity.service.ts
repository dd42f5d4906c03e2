/**
 * Accounts for people and API keys for machines: creation, login with throttling, sessions, password
 * reset by an administrator, disabling, and the identities they prove. Every change is audited.
 */
import type { Clock } from "../../core/dates.ts";
import { isoInstant } from "../../core/dates.ts";
import { ORG_KIND_INFO, parseDistrict } from "../../core/records/organization.ts";
import { parsePersonRef, personRef } from "../../core/records/person-ref.ts";
import { audit } from "../audit/audit.service.ts";
import {
	type Action,
	type Actor,
	KEY_PERMISSIONS,
	type KeyPermission,
	mayActOn,
	mayAttempt,
	ROLE_INFO,
	ROLES,
	type Role,
} from "../auth/policy.ts";
import type { Db } from "../db/database.ts";
import { ConflictError, ForbiddenError, InputError, NotFoundError, UnauthenticatedError } from "../errors.ts";
import * as orgs from "../organizations/organizations.repository.ts";
import * as repo from "./identity.repository.ts";
import {
	DUMMY_HASH,
	hashPassword,
	passwordProblem,
	randomToken,
	safeEqual,
	sha256Hex,
	verifyPassword,
} from "./secrets.ts";

/** A session lives 12 hours at most, and ends after 2 idle hours. */
export const SESSION_MAX_MS = 12 * 3600_000;
export const SESSION_IDLE_MS = 2 * 3600_000;
/** After this many failed logins in a row an account is locked for LOCK_MS. */
export const MAX_FAILED_LOGINS = 5;
export const LOCK_MS = 15 * 60_000;

const USERNAME = /^[a-z0-9][a-z0-9._-]{2,39}$/;

/** What the outside may see of an account. */
export interface PublicAccount {
	username: string;
	displayName: string;
	role: Role;
	organization: { uscc: string; kind: string } | null;
	districts: string[];
	/** Inspectors: the person in the inspector pool the account belongs to. */
	person: string | null;
	status: string;
	mustChangePassword: boolean;
	lastLoginAt: string | null;
}

export function presentAccount(a: repo.AccountWithOrg): PublicAccount {
	return {
		username: a.username,
		displayName: a.display_name,
		role: a.role as Role,
		organization: a.org_uscc ? { uscc: a.org_uscc, kind: a.org_kind ?? "" } : null,
		districts: JSON.parse(a.districts_json),
		person: a.person_id === null ? null : personRef(Number(a.person_id)),
		status: a.status,
		mustChangePassword: a.must_change_password === 1,
		lastLoginAt: a.last_login_at,
	};
}

/** The actor an account acts as. */
export function accountActor(
	a: repo.AccountWithOrg,
	via: string | null,
	ip: string | null,
	requestId: string | null,
): Actor {
	return {
		type: "account",
		id: String(a.id),
		label: a.username,
		role: a.role as Role,
		orgId: a.org_id,
		orgUscc: a.org_uscc,
		districts: JSON.parse(a.districts_json),
		personRef: a.person_id === null ? null : personRef(Number(a.person_id)),
		keyActions: null,
		via,
		ip,
		requestId,
	};
}

export interface NewAccountInput {
	username: string;
	displayName: string;
	role: string;
	orgUscc?: string | null;
	districts?: string[];
	/** Inspectors: the person's public reference (P + 8 digits) in the inspector pool. */
	person?: string | null;
	password: string;
}

/** Refuses a password that breaks the password rules, naming the field. */
function assertStrongPassword(password: string, field: string): void {
	const weak = passwordProblem(password);
	if (weak)
		throw new InputError(
			"ACCOUNT_INVALID",
			`${field}: ${weak.en}`,
			`${field}：${weak.zh}`,
			field,
			"PASSWORD_WEAK",
		);
}

/** Creates an account; only administrators (and the CLI) may. */
export async function createAccount(
	db: Db,
	input: NewAccountInput,
	by: Actor,
	clock: Clock,
): Promise<PublicAccount> {
	if (!mayAttempt(by, "account.manage"))
		throw new ForbiddenError("FORBIDDEN", "only administrators create accounts", "只有管理员可以创建账号");
	const username = input.username.trim().toLowerCase();
	if (!USERNAME.test(username))
		throw new InputError(
			"ACCOUNT_INVALID",
			"username: 3–40 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit",
			"username：3–40位小写字母、数字、“.”“_”“-”，以字母或数字开头",
			"username",
			"USERNAME_FORMAT",
		);
	if (!(ROLES as readonly string[]).includes(input.role))
		throw new InputError(
			"ACCOUNT_INVALID",
			`role: one of ${ROLES.join(", ")}`,
			`role：取值应为 ${ROLES.join("、")}`,
			"role",
			"ENUM",
		);
	const role = input.role as Role;
	const info = ROLE_INFO[role];
	let orgId: number | null = null;
	if (input.orgUscc) {
		const org = await orgs.findByUscc(db, input.orgUscc);
		if (!org)
			throw new InputError(
				"ACCOUNT_INVALID",
				"organization: not registered",
				"organization：该机构未登记",
				"organization",
				"ORG_UNKNOWN",
			);
		if (info.orgKind && org.kind !== info.orgKind)
			throw new InputError(
				"ACCOUNT_INVALID",
				`organization: ${/^[aeiou]/.test(info.en) ? "an" : "a"} ${info.en} belongs to ${/^[aeiou]/.test(ORG_KIND_INFO[info.orgKind].en) ? "an" : "a"} ${ORG_KIND_INFO[info.orgKind].en}`,
				`organization：${info.zh}须属于${ORG_KIND_INFO[info.orgKind].zh}`,
				"organization",
				"ORG_KIND",
			);
		if (!info.orgKind && org.kind !== "regulator")
			throw new InputError(
				"ACCOUNT_INVALID",
				"organization: regulator accounts belong to a regulator",
				"organization：监管部门账号须属于监管部门",
				"organization",
				"ORG_KIND",
			);
		orgId = org.id;
	} else if (info.orgKind)
		throw new InputError(
			"ACCOUNT_INVALID",
			`organization: a ${info.en} account belongs to one organisation`,
			`organization：${info.zh}账号须属于一个机构`,
			"organization",
			"REQUIRED",
		);
	const districts: string[] = [];
	for (const d of input.districts ?? []) {
		const code = parseDistrict(d);
		if (!code)
			throw new InputError(
				"ACCOUNT_INVALID",
				`districts: '${d}' is not a Shanghai district`,
				`districts：“${d}”不是上海市的区`,
				"districts",
				"DISTRICT_UNKNOWN",
			);
		if (!districts.includes(code)) districts.push(code);
	}
	if (role === "regulator_officer" && districts.length === 0)
		throw new InputError(
			"ACCOUNT_INVALID",
			"districts: a regulator officer supervises at least one district",
			"districts：监管部门工作人员至少负责一个区",
			"districts",
			"REQUIRED",
		);
	const personId = await inspectorPerson(db, role, input.person ?? null);
	assertStrongPassword(input.password, "password");
	if (await repo.findAccountByUsername(db, username))
		throw new ConflictError(
			"ACCOUNT_EXISTS",
			`an account named ${username} exists`,
			`账号 ${username} 已存在`,
			"username",
		);
	const now = isoInstant(clock.now());
	const displayName = input.displayName.trim().slice(0, 100) || username;
	const id = await repo.insertAccount(db, {
		username,
		display_name: displayName,
		role,
		org_id: orgId,
		districts_json: JSON.stringify(districts),
		password_hash: await hashPassword(input.password),
		status: "active",
		failed_logins: 0,
		locked_until: null,
		must_change_password: 0,
		last_login_at: null,
		created_at: now,
		updated_at: now,
		person_id: personId,
	});
	await audit(db, by, now, [
		{
			action: "account.create",
			outcome: "ok",
			target: { type: "account", key: username },
			subjectOrgId: orgId,
			detail: { role },
		},
	]);
	return presentAccount((await repo.findAccountById(db, id))!);
}

/**
 * The person an inspector's account belongs to: required for inspectors (their tasks are the teams the
 * person is drawn into), refused for other roles; an active inspector or expert without an account yet.
 */
async function inspectorPerson(db: Db, role: Role, ref: string | null): Promise<number | null> {
	const fail = (en: string, zh: string, rule: string) =>
		new InputError("ACCOUNT_INVALID", `person: ${en}`, `person：${zh}`, "person", rule);
	if (role !== "inspector") {
		if (ref)
			throw fail(
				"only an inspector's account belongs to a person",
				"只有检查人员账号关联人员",
				"NOT_ALLOWED",
			);
		return null;
	}
	if (!ref)
		throw fail(
			"an inspector's account belongs to a person in the inspector pool (P + 8 digits)",
			"检查人员账号须关联检查人员名录中的人员（P 加 8 位数字）",
			"REQUIRED",
		);
	const parsed = parsePersonRef(ref);
	if (parsed?.kind !== "ref")
		throw fail("a person's reference, P + 8 digits", "须为人员编号（P 加 8 位数字）", "FORMAT");
	const p = await db
		.selectFrom("people")
		.select(["id", "roles_json", "status"])
		.where("id", "=", parsed.id)
		.executeTakeFirst();
	if (!p) throw fail(`${ref} is not registered`, `人员 ${ref} 未登记`, "PERSON_UNKNOWN");
	const roles = JSON.parse(p.roles_json) as string[];
	if (p.status !== "active" || !(roles.includes("inspector") || roles.includes("expert")))
		throw fail(
			`${ref} is not an active inspector or expert`,
			`人员 ${ref} 不是在册的检查人员或专家`,
			"NOT_INSPECTOR",
		);
	if (await db.selectFrom("accounts").select("id").where("person_id", "=", parsed.id).executeTakeFirst())
		throw new ConflictError(
			"ACCOUNT_EXISTS",
			`${ref} already has an account`,
			`人员 ${ref} 已有账号`,
			"person",
		);
	return parsed.id;
}

async function manageable(db: Db, username: string, by: Actor): Promise<repo.AccountWithOrg> {
	const a = await repo.findAccountByUsername(db, username.trim().toLowerCase());
	if (!a || !mayAttempt(by, "account.manage"))
		throw new NotFoundError(
			"ACCOUNT_NOT_FOUND",
			`no account ${username}`,
			`没有账号 ${username}`,
			"username",
		);
	return a;
}

/** Disables (or re-enables) an account and ends its sessions. */
export async function setAccountStatus(
	db: Db,
	username: string,
	status: "active" | "disabled",
	by: Actor,
	clock: Clock,
): Promise<PublicAccount> {
	const a = await manageable(db, username, by);
	const now = isoInstant(clock.now());
	await repo.updateAccount(db, a.id, { status, failed_logins: 0, locked_until: null, updated_at: now });
	if (status === "disabled") await repo.revokeSessionsOf(db, a.id, now);
	await audit(db, by, now, [
		{
			action: status === "disabled" ? "account.disable" : "account.enable",
			outcome: "ok",
			target: { type: "account", key: a.username },
			subjectOrgId: a.org_id,
		},
	]);
	return presentAccount((await repo.findAccountById(db, a.id))!);
}

/** Sets a new password chosen by an administrator; the owner must change it at next login. */
export async function resetPassword(
	db: Db,
	username: string,
	password: string,
	by: Actor,
	clock: Clock,
): Promise<PublicAccount> {
	const a = await manageable(db, username, by);
	assertStrongPassword(password, "password");
	const now = isoInstant(clock.now());
	await repo.updateAccount(db, a.id, {
		password_hash: await hashPassword(password),
		must_change_password: 1,
		failed_logins: 0,
		locked_until: null,
		updated_at: now,
	});
	await repo.revokeSessionsOf(db, a.id, now);
	await audit(db, by, now, [
		{
			action: "account.reset_password",
			outcome: "ok",
			target: { type: "account", key: a.username },
			subjectOrgId: a.org_id,
		},
	]);
	return presentAccount((await repo.findAccountById(db, a.id))!);
}

/** Changes one's own password, given the current one. */
export async function changeOwnPassword(
	db: Db,
	actor: Actor,
	current: string,
	next: string,
	clock: Clock,
): Promise<void> {
	if (actor.type !== "account" || !actor.id)
		throw new UnauthenticatedError("AUTH_REQUIRED", "log in first", "请先登录");
	const a = (await repo.findAccountById(db, Number(actor.id)))!;
	const now = isoInstant(clock.now());
	if (!(await verifyPassword(current, a.password_hash))) {
		await audit(db, actor, now, [
			{
				action: "account.change_password",
				outcome: "denied",
				target: { type: "account", key: a.username },
				detail: { rule: "PASSWORD_WRONG" },
			},
		]);
		throw new InputError(
			"PASSWORD_WRONG",
			"currentPassword: wrong password",
			"currentPassword：当前密码不正确",
			"currentPassword",
			"PASSWORD_WRONG",
		);
	}
	assertStrongPassword(next, "newPassword");
	await repo.updateAccount(db, a.id, {
		password_hash: await hashPassword(next),
		must_change_password: 0,
		updated_at: now,
	});
	await audit(db, actor, now, [
		{ action: "account.change_password", outcome: "ok", target: { type: "account", key: a.username } },
	]);
}

export interface LoginResult {
	/** The session token for the cookie; shown nowhere else. */
	token: string;
	csrfToken: string;
	expiresAt: string;
	account: PublicAccount;
}

/**
 * Logs in: a wrong password counts against the account, and after MAX_FAILED_LOGINS failures in a row
 * it is locked for LOCK_MS. Unknown names and wrong passwords get the same answer, after the same work.
 */
export async function login(
	db: Db,
	input: {
		username: string;
		password: string;
		ip: string | null;
		userAgent: string | null;
		requestId: string | null;
	},
	clock: Clock,
): Promise<LoginResult> {
	const now = clock.now();
	const at = isoInstant(now);
	const username = input.username.trim().toLowerCase();
	const a = await repo.findAccountByUsername(db, username);
	const anonymous: Actor = {
		type: "account",
		id: a ? String(a.id) : null,
		label: username.slice(0, 40),
		role: null,
		orgId: a?.org_id ?? null,
		orgUscc: null,
		districts: [],
		personRef: null,
		keyActions: null,
		via: null,
		ip: input.ip,
		requestId: input.requestId,
	};
	const refuse = async (reason: string) => {
		await audit(db, anonymous, at, [
			{
				action: "auth.login",
				outcome: "denied",
				target: { type: "account", key: username.slice(0, 40) },
				detail: { rule: reason },
			},
		]);
		return new UnauthenticatedError("LOGIN_FAILED", "wrong username or password", "用户名或密码错误");
	};
	const ok = await verifyPassword(input.password, a?.password_hash ?? DUMMY_HASH);
	if (!a) throw await refuse("UNKNOWN_ACCOUNT");
	if (a.status !== "active") throw await refuse("ACCOUNT_DISABLED");
	if (a.locked_until && a.locked_until > at) {
		await audit(db, anonymous, at, [
			{
				action: "auth.login",
				outcome: "denied",
				target: { type: "account", key: username },
				detail: { rule: "ACCOUNT_LOCKED" },
			},
		]);
		throw new UnauthenticatedError(
			"ACCOUNT_LOCKED",
			`too many failed logins; try again after ${a.locked_until}`,
			`登录失败次数过多，账号已暂时锁定，请于 ${a.locked_until} 之后再试`,
		);
	}
	if (!ok) {
		const failed = a.failed_logins + 1;
		await repo.updateAccount(db, a.id, {
			failed_logins: failed >= MAX_FAILED_LOGINS ? 0 : failed,
			locked_until:
				failed >= MAX_FAILED_LOGINS ? isoInstant(new Date(now.getTime() + LOCK_MS)) : a.locked_until,
			updated_at: at,
		});
		throw await refuse(failed >= MAX_FAILED_LOGINS ? "LOCKED_NOW" : "WRONG_PASSWORD");
	}
	const token = randomToken();
	const csrfToken = randomToken(24);
	const expiresAt = isoInstant(new Date(now.getTime() + SESSION_IDLE_MS));
	const sessionId = sha256Hex(token);
	await repo.insertSession(db, {
		id: sessionId,
		account_id: a.id,
		csrf_token: csrfToken,
		created_at: at,
		last_seen_at: at,
		expires_at: expiresAt,
		ip: input.ip,
		user_agent: input.userAgent?.slice(0, 300) ?? null,
		revoked_at: null,
	});
	await repo.updateAccount(db, a.id, { failed_logins: 0, locked_until: null, last_login_at: at });
	await audit(db, accountActor(a, `session:${sessionId.slice(0, 12)}`, input.ip, input.requestId), at, [
		{ action: "auth.login", outcome: "ok", target: { type: "account", key: a.username } },
	]);
	return { token, csrfToken, expiresAt, account: presentAccount(a) };
}

/** The identity a session token proves, with the CSRF token its writes must carry; null when none. */
export async function sessionIdentity(
	db: Db,
	token: string,
	ctx: { ip: string | null; requestId: string | null },
	clock: Clock,
): Promise<{ actor: Actor; csrfToken: string; sessionId: string; account: repo.AccountWithOrg } | null> {
	if (!/^[\w-]{20,100}$/.test(token)) return null;
	const now = clock.now();
	const at = isoInstant(now);
	const id = sha256Hex(token);
	const s = await repo.findSession(db, id, at);
	if (s?.status !== "active") return null;
	// Sliding expiry, bounded by the session's maximum age; written at most once a minute.
	if (now.getTime() - Date.parse(s.last_seen_at) > 60_000) {
		const expires = Math.min(
			now.getTime() + SESSION_IDLE_MS,
			Date.parse(s.session_created_at) + SESSION_MAX_MS,
		);
		await repo.touchSession(db, id, at, isoInstant(new Date(expires)));
	}
	const {
		session_id: _sid,
		csrf_token,
		last_seen_at: _ls,
		expires_at: _ea,
		session_created_at: _sc,
		...account
	} = s;
	return {
		actor: accountActor(account as repo.AccountWithOrg, `session:${id.slice(0, 12)}`, ctx.ip, ctx.requestId),
		csrfToken: csrf_token,
		sessionId: id,
		account: account as repo.AccountWithOrg,
	};
}

/** Ends a session. */
export async function logout(db: Db, sessionId: string, actor: Actor, clock: Clock): Promise<void> {
	const at = isoInstant(clock.now());
	await repo.revokeSession(db, sessionId, at);
	await audit(db, actor, at, [
		{ action: "auth.logout", outcome: "ok", target: { type: "account", key: actor.label } },
	]);
}

// ---------------------------------------------------------------------------------------------------
// API keys

const KEY_FORMAT = /^otk_([A-Za-z0-9]{12})_([\w-]{30,60})$/;

export interface PublicApiKey {
	keyId: string;
	name: string;
	organization: { uscc: string; kind: string };
	permissions: KeyPermission[];
	createdBy: string;
	createdAt: string;
	expiresAt: string | null;
	revokedAt: string | null;
	lastUsedAt: string | null;
}

function presentKey(k: repo.ApiKeyWithOrg): PublicApiKey {
	return {
		keyId: k.key_id,
		name: k.name,
		organization: { uscc: k.org_uscc, kind: k.org_kind },
		permissions: JSON.parse(k.permissions_json),
		createdBy: k.created_by,
		createdAt: k.created_at,
		expiresAt: k.expires_at,
		revokedAt: k.revoked_at,
		lastUsedAt: k.last_used_at,
	};
}

/** Permissions a key of an organisation of this kind may carry. */
export function permissionsFor(orgKind: string): KeyPermission[] {
	if (orgKind === "cb") return ["certificates:write", "people:write"];
	if (orgKind === "lab") return ["reports:write", "people:write", "capabilities:propose"];
	return [];
}

/** May this actor manage the keys of this organisation? */
function mayManageKeysOf(actor: Actor, org: { id: number; district: string | null }): boolean {
	return mayActOn(actor, "apikey.manage", { orgId: org.id, district: org.district });
}

/**
 * Creates an API key for an organisation's own systems. The secret is returned once and stored only as
 * a hash.
 */
export async function createApiKey(
	db: Db,
	input: { orgUscc: string; name: string; permissions: string[]; expiresAt?: string | null },
	by: Actor,
	clock: Clock,
): Promise<{ key: string; apiKey: PublicApiKey }> {
	const org = await orgs.findByUscc(db, input.orgUscc);
	if (!org || !mayManageKeysOf(by, org))
		throw new NotFoundError(
			"ORG_NOT_FOUND",
			"no such organisation you may manage keys for",
			"没有您可以管理密钥的该机构",
			"organization",
		);
	const allowed = permissionsFor(org.kind);
	if (allowed.length === 0)
		throw new InputError(
			"API_KEY_INVALID",
			"organization: keys are for certification bodies and labs",
			"organization：仅认证机构和检验检测机构可申请密钥",
			"organization",
			"ORG_KIND",
		);
	const permissions = [...new Set(input.permissions)];
	const bad = permissions.find((p) => !allowed.includes(p as KeyPermission));
	if (bad || permissions.length === 0)
		throw new InputError(
			"API_KEY_INVALID",
			`permissions: choose from ${allowed.join(", ")}`,
			`permissions：可选 ${allowed.join("、")}`,
			"permissions",
			"ENUM",
		);
	const name = input.name.trim().slice(0, 100);
	if (!name) throw new InputError("API_KEY_INVALID", "name: required", "name：必填", "name", "REQUIRED");
	const keyId = randomToken(9)
		.replace(/[^A-Za-z0-9]/g, "")
		.padEnd(12, "0")
		.slice(0, 12);
	const secret = randomToken(32);
	const at = isoInstant(clock.now());
	await repo.insertApiKey(db, {
		key_id: keyId,
		secret_hash: sha256Hex(secret),
		name,
		org_id: org.id,
		permissions_json: JSON.stringify(permissions),
		created_by: by.label,
		created_at: at,
		expires_at: input.expiresAt ?? null,
		revoked_at: null,
		last_used_at: null,
	});
	await audit(db, by, at, [
		{
			action: "apikey.create",
			outcome: "ok",
			target: { type: "api_key", key: keyId },
			subjectOrgId: org.id,
			detail: { permissions: permissions.join(",") },
		},
	]);
	return { key: `otk_${keyId}_${secret}`, apiKey: presentKey((await repo.findApiKey(db, keyId))!) };
}

/** Keys the actor may see: an operator's own organisation's, or all for an administrator. */
export async function listApiKeys(db: Db, by: Actor): Promise<PublicApiKey[]> {
	if (!mayAttempt(by, "apikey.manage")) return [];
	const list = await repo.listApiKeys(
		db,
		by.role === "regulator_admin" || by.type !== "account" ? undefined : (by.orgId ?? -1),
	);
	return list.map(presentKey);
}

/** Revokes a key. */
export async function revokeApiKey(db: Db, keyId: string, by: Actor, clock: Clock): Promise<PublicApiKey> {
	const k = await repo.findApiKey(db, keyId);
	if (!k || !mayManageKeysOf(by, { id: k.org_id, district: k.org_district }))
		throw new NotFoundError("API_KEY_NOT_FOUND", `no API key ${keyId}`, `没有密钥 ${keyId}`, "keyId");
	const at = isoInstant(clock.now());
	if (!k.revoked_at) await repo.updateApiKey(db, k.id, { revoked_at: at });
	await audit(db, by, at, [
		{
			action: "apikey.revoke",
			outcome: "ok",
			target: { type: "api_key", key: keyId },
			subjectOrgId: k.org_id,
		},
	]);
	return presentKey((await repo.findApiKey(db, keyId))!);
}

/** The identity an API key proves, or null for a malformed, unknown, revoked or expired key. */
export async function apiKeyIdentity(
	db: Db,
	presented: string,
	ctx: { ip: string | null; requestId: string | null },
	clock: Clock,
): Promise<Actor | null> {
	const m = KEY_FORMAT.exec(presented);
	if (!m) return null;
	const k = await repo.findApiKey(db, m[1]!);
	const now = clock.now();
	const at = isoInstant(now);
	if (
		!k ||
		!safeEqual(k.secret_hash, sha256Hex(m[2]!)) ||
		k.revoked_at ||
		(k.expires_at && k.expires_at <= at)
	)
		return null;
	if (!k.last_used_at || now.getTime() - Date.parse(k.last_used_at) > 60_000)
		await repo.updateApiKey(db, k.id, { last_used_at: at });
	const role: Role | null =
		k.org_kind === "cb" ? "cb_operator" : k.org_kind === "lab" ? "lab_operator" : null;
	const actions = new Set<Action>(
		(JSON.parse(k.permissions_json) as KeyPermission[]).map((p) => KEY_PERMISSIONS[p]),
	);
	return {
		type: "api_key",
		id: k.key_id,
		label: `${k.name} (${k.key_id})`,
		role,
		orgId: k.org_id,
		orgUscc: k.org_uscc,
		districts: [],
		personRef: null,
		keyActions: actions,
		via: `key:${k.key_id}`,
		ip: ctx.ip,
		requestId: ctx.requestId,
	};
}

/** Lists accounts for an administrator. */
export async function listAccounts(db: Db, by: Actor): Promise<PublicAccount[]> {
	if (!mayAttempt(by, "account.manage")) return [];
	return (await repo.listAccounts(db)).map(presentAccount);
}
