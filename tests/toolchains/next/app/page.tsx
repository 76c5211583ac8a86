// A Server Component: the token and the API's address come from the server's environment, read
// at each request.
import { connection } from "next/server";
import Composer from "./composer";

export default async function Page() {
  await connection();
  return <Composer baseUrl={process.env.WUTS_BASE_URL ?? ""} token={process.env.WUTS_TOKEN ?? ""} />;
}
