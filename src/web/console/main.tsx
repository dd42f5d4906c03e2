import { ConfigProvider } from "antd";
import zhCN from "antd/locale/zh_CN";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";

function App() {
	return <h1>OpenTIC</h1>;
}

createRoot(document.getElementById("root")!).render(
	<StrictMode>
		<ConfigProvider locale={zhCN}>
			<App />
		</ConfigProvider>
	</StrictMode>,
);
