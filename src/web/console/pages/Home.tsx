/**
 * The first page after signing in: who the console takes you for, and the pages you can use, each
 * with a line on what it is for. Generated from the page registry, like the navigation.
 */
import { Card, Col, Empty, Row } from "antd";
import { Link } from "../app/router.tsx";
import { useMe } from "../app/session.tsx";
import { useOrgName } from "../app/useOrgName.ts";
import { useCodes } from "../components/codes.tsx";
import { PageHeader } from "../components/PageHeader.tsx";
import { type MessageKey, useI18n } from "../i18n/i18n.tsx";
import { zhCN } from "../i18n/zh-CN.ts";
import { listed, PAGES } from "./index.ts";

export default function Home() {
	const i = useI18n();
	const codes = useCodes();
	const me = useMe();
	const orgName = useOrgName(me.actor.organization);
	const pages = PAGES.filter((p) => p.path !== "/" && listed(me, p));
	const who = [
		codes.label("role", me.actor.role),
		orgName,
		me.actor.districts.length ? me.actor.districts.map((d) => codes.label("district", d)).join("、") : null,
	]
		.filter(Boolean)
		.join(" · ");
	return (
		<>
			<PageHeader
				title={i.t("home.welcome", { name: me.account?.displayName ?? me.actor.label })}
				subtitle={who}
			/>
			{pages.length === 0 ? (
				<Empty description={i.t("home.nothing")} />
			) : (
				<Row gutter={[16, 16]}>
					{pages.map((p) => {
						const Icon = p.nav!.icon;
						const desc = `${p.title}.desc`;
						return (
							<Col key={p.path} xs={24} md={12} xl={8}>
								<Card className="home-card">
									<h2 className="home-card-title">
										<span aria-hidden className="home-icon">
											<Icon />
										</span>
										<Link to={p.path}>{i.t(p.title)}</Link>
									</h2>
									{desc in zhCN && <p className="muted">{i.t(desc as MessageKey)}</p>}
								</Card>
							</Col>
						);
					})}
				</Row>
			)}
		</>
	);
}
