package io.w7s.host.rpc;

import java.util.List;

/**
 * Who may call whom: the same GitHub owner always; anyone else only when the target's
 * {@code rpc.allow} lists the caller's owner or exact {@code owner/repo}. Names compare
 * case-insensitively and whole ({@code acme} never matches {@code acme-evil}).
 */
public final class RpcPolicy {
    private RpcPolicy() {
    }

    public static boolean allows(String callerOwner, String callerRepo, String targetOwner, List<String> targetAllow) {
        if (callerOwner.equalsIgnoreCase(targetOwner)) return true;
        String callerRepository = callerOwner + "/" + callerRepo;
        for (String entry : targetAllow) {
            if (entry.indexOf('/') < 0 ? entry.equalsIgnoreCase(callerOwner) : entry.equalsIgnoreCase(callerRepository)) {
                return true;
            }
        }
        return false;
    }
}
