import NextAuth from "next-auth";
import { getAuthOptions } from "@/lib/auth/options";

function handler(request: Request, context: unknown) {
  return NextAuth(getAuthOptions())(request as never, context as never);
}

export { handler as GET, handler as POST };
