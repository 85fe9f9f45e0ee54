package dev.sli.core.time;

enum SystemClock implements Clock {
    INSTANCE;

    @Override
    public long epochMillis() {
        return System.currentTimeMillis();
    }
}
