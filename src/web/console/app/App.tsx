/**
 * The console's root: language, antd's locale and theme, the session, and then either the sign-in
 * page or the console itself.
 */
import { App as AntApp, ConfigProvider, Result } from "antd";
import enUS from "antd/locale/en_US";
import zhCN from "antd/locale/zh_CN";
import { ErrorAlert } from "../components/ErrorAlert.tsx";
import { Loading } from "../components/Loading.tsx";
import { I18nProvider, useI18n } from "../i18n/i18n.tsx";
import { Login } from "./Login.tsx";
import { Shell } from "./Shell.tsx";
import { SessionProvider, useSession } from "./session.tsx";

/** Colours chosen for contrast (WCAG AA 4.5:1 for text on white). */
const THEME = {
	token: {
		colorPrimary: "#0958d9",
		colorLink: "#0958d9",
		colorTextSecondary: "rgba(0, 0, 0, 0.65)",
		colorTextDescription: "rgba(0, 0, 0, 0.65)",
		colorTextPlaceholder: "rgba(0, 0, 0, 0.5)",
		borderRadius: 6,
		// No animations: a working console needs none, and a transition that never ends (a save answered
		// within a frame) would otherwise leave the button's spinner beside it after the work is done.
		motion: false,
		fontFamily:
			'-apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", sans-serif',
	},
};

function Screen() {
	const { state, refresh } = useSession();
	const { t } = useI18n();
	switch (state.status) {
		case "loading":
			return <Loading />;
		case "signedOut":
			return <Login expired={state.expired} />;
		case "error":
			return (
				<Result
					status="error"
					title={t("error.startup")}
					extra={<ErrorAlert error={state.error} onRetry={() => void refresh()} />}
				/>
			);
		case "signedIn":
			return <Shell />;
	}
}

function Localised() {
	const { lang } = useI18n();
	return (
		<ConfigProvider locale={lang === "zh-CN" ? zhCN : enUS} theme={THEME}>
			<AntApp>
				<SessionProvider>
					<Screen />
				</SessionProvider>
			</AntApp>
		</ConfigProvider>
	);
}

export function App() {
	return (
		<I18nProvider>
			<Localised />
		</I18nProvider>
	);
}
