import { type RouteConfig, index, route } from "@react-router/dev/routes";

export default [
  index("routes/home.tsx"),
  route("api/inngest", "routes/api.inngest.ts"),
  route("api/demo-event", "routes/api.demo-event.ts"),
] satisfies RouteConfig;
