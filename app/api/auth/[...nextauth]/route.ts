import NextAuth from "next-auth";
import { publicRoute } from "@/lib/api/define-route";
import { getAuthOptions } from "@/lib/auth/options";

function handler(request: Request, context: unknown): Promise<Response> {
  return NextAuth(getAuthOptions())(request as never, context as never);
}

export const GET = publicRoute("GET /api/auth/[...nextauth]", handler);
export const POST = publicRoute("POST /api/auth/[...nextauth]", handler);
