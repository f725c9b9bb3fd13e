import "next-auth";

// The server-side session id travels from authorize() through the token into auth()'s answer.
declare module "next-auth" {
  interface User {
    sessionId?: string;
  }
  interface Session {
    sessionId?: string;
  }
}
