"use client";

export { SessionProvider as AuthjsSessionProvider } from "next-auth/react";
