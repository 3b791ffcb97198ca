"use client";

// Catches errors from the protected layouts and pages below it (a layout's own error.tsx would not).
export { StoreError as default } from "@/app/ui/store-error";
