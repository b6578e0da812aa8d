// The shop's greeter: says hello in the region's language.
export const handler = async () => ({ statusCode: 200, body: `${process.env.GREETING}, shopper` });
