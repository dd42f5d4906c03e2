/**
 * The signed-in console: navigation, a header with the language switch and the account, and the page
 * the path names. After each navigation the page's title takes the focus, so keyboard and
 * screen-reader users start reading where the new page starts.
 */
import { LogoutOutlined, MenuOutlined } from "@ant-design/icons";
import { Alert, Button, Layout, Segmented } from "antd";
import { type ReactNode, Suspense, useEffect, useRef, useState } from "react";
import { useCodes } from "../components/codes.tsx";
import { Loading } from "../components/Loading.tsx";
import { StatusPage } from "../components/StatusPage.tsx";
import { type Lang, useI18n } from "../i18n/i18n.tsx";
import { PAGES } from "../pages/index.ts";
import { Nav } from "./Nav.tsx";
import { Link, matchPath, usePath } from "./router.tsx";
import { allows, useMe, useSession } from "./session.tsx";
import { useOrgName } from "./useOrgName.ts";

function findPage(path: string) {
	for (const page of PAGES) {
		const params = matchPath(page.path, path);
		if (params) return { page, params };
	}
	return null;
}

export function Shell() {
	const i = useI18n();
	const codes = useCodes();
	const me = useMe();
	const { signOut, state } = useSession();
	const path = usePath();
	const [navOpen, setNavOpen] = useState(false);
	// Below the lg breakpoint the navigation folds away behind the header's menu button.
	const [narrow, setNarrow] = useState(false);
	const orgName = useOrgName(me.actor.organization);
	const first = useRef(true);

	// biome-ignore lint/correctness/useExhaustiveDependencies: runs on every move to another page.
	useEffect(() => {
		if (first.current) {
			first.current = false;
			return;
		}
		// Wait for the page (it may be loading lazily) to render its title.
		const timer = window.setTimeout(() => document.getElementById("page-title")?.focus(), 50);
		return () => window.clearTimeout(timer);
	}, [path]);

	const mustChange = me.account?.mustChangePassword === true;
	const found = mustChange ? findPage("/password") : findPage(path);
	let body: ReactNode;
	if (!found) body = <StatusPage status="404" />;
	else if (!allows(me, found.page.actions)) body = <StatusPage status="403" />;
	else {
		const Page = found.page.component;
		body = <Page params={found.params} />;
	}

	return (
		<Layout className="shell">
			<a href="#main" className="skip-link">
				{i.t("a11y.skip")}
			</a>
			<Layout.Sider
				width={224}
				breakpoint="lg"
				collapsedWidth={0}
				collapsed={narrow && !navOpen}
				onBreakpoint={setNarrow}
				trigger={null}
				className={navOpen ? "sider open" : "sider"}
			>
				<div className="brand">
					<Link to="/" className="brand-link">
						OpenTIC
					</Link>
					<span className="brand-sub">{i.t("app.subtitle")}</span>
				</div>
				<Nav me={me} path={path} onNavigate={() => setNavOpen(false)} />
			</Layout.Sider>
			<Layout>
				<Layout.Header className="header">
					<Button
						className="nav-toggle"
						icon={<MenuOutlined aria-hidden />}
						aria-label={i.t("nav.toggle")}
						aria-expanded={navOpen}
						onClick={() => setNavOpen((o) => !o)}
					/>
					<div className="header-who">
						<span className="header-name">{me.account?.displayName ?? me.actor.label}</span>
						<span className="header-role">
							{codes.label("role", me.actor.role)}
							{orgName ? ` · ${orgName}` : ""}
						</span>
					</div>
					<div className="header-actions">
						<Segmented<Lang>
							aria-label={i.t("lang.label")}
							value={i.lang}
							onChange={(v) => i.setLang(v)}
							options={[
								{ value: "zh-CN", label: <span lang="zh-CN">中文</span> },
								{ value: "en", label: <span lang="en">English</span> },
							]}
						/>
						<Link to="/password" className="header-link">
							{i.t("page.password")}
						</Link>
						<Button icon={<LogoutOutlined aria-hidden />} onClick={() => void signOut()}>
							{i.t("auth.signOut")}
						</Button>
					</div>
				</Layout.Header>
				<Layout.Content id="main" tabIndex={-1} className="content">
					{mustChange && (
						<Alert type="warning" showIcon className="must-change" title={i.t("auth.mustChange")} />
					)}
					{state.status === "signedIn" && <Suspense fallback={<Loading />}>{body}</Suspense>}
				</Layout.Content>
			</Layout>
		</Layout>
	);
}
